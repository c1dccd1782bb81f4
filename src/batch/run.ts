/**
 * Works through a batch run's unfinished questions with a bounded window, storing each question's
 * results as it completes. Everything durable is in the store, so a run stopped at any moment (Ctrl+C,
 * kill -9) continues from where it was: finished questions are skipped, finished calls come from the
 * journal, and the results are those of an uninterrupted run.
 */
import type { AuditDeps } from "../core/audit.js";
import type { AuditConfig } from "../core/types.js";
import { completeItem, unfinishedItems, type Db, type StoredItem } from "../store/index.js";
import { auditItem, type ItemOutcome } from "./item.js";

export interface BatchWork {
  db: Db;
  runId: string;
  targets: string[];
  config: Omit<AuditConfig, "target">;
  deps: AuditDeps;
  /** Questions audited at once; enough to keep every provider lane busy. */
  window: number;
  signal?: AbortSignal;
  /** The run's redaction of what it stores (store/redact.ts: the secrets of its environment as it began); `redact` when absent. */
  redact?: (text: string) => string;
  /** Hears of each finished question; a returned promise (e.g. an output's backpressure) is awaited. */
  onItem?(item: StoredItem, outcome: ItemOutcome): void | Promise<void>;
}

/** The run's unfinished questions in input order, read a page at a time (shared by the workers that take them). */
export function unfinishedCursor(db: Db, runId: string, window: number): () => StoredItem | undefined {
  let buffer: StoredItem[] = [];
  let after = -1;
  return () => {
    if (buffer.length === 0) {
      buffer = unfinishedItems(db, runId, after, Math.max(256, window));
      if (buffer.length) after = buffer[buffer.length - 1]!.idx;
    }
    return buffer.shift();
  };
}

export async function processBatch(work: BatchWork): Promise<void> {
  const { db, runId, signal } = work;
  const next = unfinishedCursor(db, runId, work.window);
  const worker = async () => {
    for (let item = next(); item && !signal?.aborted; item = next()) {
      const outcome = await auditItem(item.row, work.targets, work.config, work.deps);
      // A cancel leaves the question unfinished: its finished calls are in the journal for the resume.
      if (signal?.aborted) return;
      await completeItem(db, runId, item.idx, outcome.outcomes, outcome.probes, work.redact);
      await work.onItem?.(item, outcome);
      // Questions that need no call (rows that bring their answers) finish in microtasks only: give
      // timers, signals and output streams their turn, or they would wait for the whole run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, work.window) }, worker));
}
