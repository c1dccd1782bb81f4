/**
 * The batch side of the store: a run's questions (items) with what their input rows brought, the rows
 * skipped as malformed, results per question × target, and paged reads that keep memory flat.
 */
import type { AuditResult } from "../core/types.js";
import type { Db } from "./db.js";
import { groupCommit } from "./group-commit.js";
import { parseStored } from "./store-error.js";
import { redact } from "./redact.js";
import { batchRow, type BatchRow, type InputRow } from "./rows.js";
import { statement } from "./statements.js";
import type { BatchRunConfig } from "./run-config.js";

type Given = Pick<InputRow, "id" | "category" | "reference" | "probes" | "responses" | "reusedProbes">;

/** Adds questions in one transaction; a row already there (a resumed ingestion) is left as it is. */
export function addItems(db: Db, runId: string, rows: { idx: number; row: InputRow }[]): void {
  const insert = db.prepare("INSERT OR IGNORE INTO items (run_id, idx, question, meta, status, line, input) VALUES (?, ?, ?, ?, 'pending', ?, ?)");
  db.transaction(() => {
    for (const { idx, row } of rows) {
      const given: Given = { id: row.id, category: row.category, reference: row.reference, probes: row.probes, responses: row.responses };
      insert.run(runId, idx, row.question, JSON.stringify(row.meta), row.line, JSON.stringify(given));
    }
  }).immediate();
}

export function addSkipped(db: Db, runId: string, skipped: { line: number; error: string }[]): void {
  const insert = db.prepare("INSERT OR IGNORE INTO skipped (run_id, line, error) VALUES (?, ?, ?)");
  db.transaction(() => skipped.forEach((s) => insert.run(runId, s.line, s.error))).immediate();
}

/** The first `limit` rows skipped as malformed, and how many there were in all. */
export function skippedRows(db: Db, runId: string, limit = 500): { rows: { line: number; error: string }[]; count: number } {
  const rows = db.prepare("SELECT line, error FROM skipped WHERE run_id = ? ORDER BY line LIMIT ?").all(runId, limit) as { line: number; error: string }[];
  const { count } = db.prepare("SELECT count(*) AS count FROM skipped WHERE run_id = ?").get(runId) as { count: number };
  return { rows, count };
}

export interface StoredItem {
  idx: number;
  row: InputRow;
}

interface RawItem {
  idx: number;
  question: string;
  meta: string | null;
  line: number | null;
  input: string | null;
}

function toRow(raw: RawItem, file: string): InputRow {
  const given = (raw.input ? parseStored(raw.input, `input of question ${raw.idx}`, file) : {}) as Given;
  return { line: raw.line ?? raw.idx + 1, question: raw.question, meta: raw.meta ? parseStored(raw.meta, `metadata of question ${raw.idx}`, file) : {}, ...given };
}

/** The next `limit` questions after `afterIdx` that are not done (pending, or failed to be retried). */
export function unfinishedItems(db: Db, runId: string, afterIdx: number, limit: number): StoredItem[] {
  const rows = statement(db, "SELECT idx, question, meta, line, input FROM items WHERE run_id = ? AND idx > ? AND status != 'done' ORDER BY idx LIMIT ?").all(runId, afterIdx, limit) as RawItem[];
  return rows.map((raw) => ({ idx: raw.idx, row: toRow(raw, db.name) }));
}

export interface TargetOutcome {
  target: string;
  result?: AuditResult;
  error?: string;
}

/**
 * Stores an item's results for every target and its status, together, in the next group commit (the one its
 * calls' rows go in); resolves once they are in. `clean` redacts them: a run's redactor, made as it starts
 * (`redact` lists the environment again on every call: ~100,000 instructions, 1% of a 300-question bench run).
 */
export function completeItem(db: Db, runId: string, idx: number, outcomes: TargetOutcome[], probes: unknown, clean: (text: string) => string = redact): Promise<void> {
  const save = statement(db, "INSERT OR REPLACE INTO results (run_id, idx, target, consistency, result) VALUES (?, ?, ?, ?, ?)");
  const update = statement(db, "UPDATE items SET status = ?, probes = ?, error = ? WHERE run_id = ? AND idx = ?");
  const status = outcomes.every((o) => o.result) ? "done" : "failed";
  const error = outcomes.find((o) => o.error)?.error;
  const firstError = error == null ? null : clean(error);
  const results = outcomes.map((o) => [o.target, o.result?.scores.consistency ?? null, clean(JSON.stringify(o.result ?? { error: o.error }))] as const);
  const probesJson = JSON.stringify(probes);
  return groupCommit(db).write(() => {
    for (const [target, consistency, result] of results) save.run(runId, idx, target, consistency, result);
    update.run(status, probesJson, firstError, runId, idx);
  });
}

/** Unfinished questions that need an LLM call (their rows did not bring their own answers). */
export function itemsNeedingCalls(db: Db, runId: string): number {
  const row = db.prepare("SELECT count(*) AS n FROM items WHERE run_id = ? AND status != 'done' AND (input IS NULL OR json_extract(input, '$.responses') IS NULL)").get(runId) as { n: number };
  return row.n;
}

export function itemCounts(db: Db, runId: string): { total: number; done: number; failed: number } {
  const row = db.prepare("SELECT count(*) AS total, sum(status = 'done') AS done, sum(status = 'failed') AS failed FROM items WHERE run_id = ?").get(runId) as {
    total: number;
    done: number | null;
    failed: number | null;
  };
  return { total: row.total, done: row.done ?? 0, failed: row.failed ?? 0 };
}

/** A target's headline numbers in a run: what the CLI, the web pages and --fail-under read. */
export interface TargetSummary {
  target: string;
  /** Questions with a consistency score. */
  audited: number;
  /** Questions with no audit: the audit failed (an error, e.g. the model could not be reached). */
  failed: number;
  /** Questions audited but with no consistency score: fewer than two answers to compare (e.g. no usable probe). */
  noScore: number;
  meanConsistency: number | null;
}

/** Per target: questions audited, failed and without a score, and the mean consistency. */
export function targetSummaries(db: Db, runId: string): TargetSummary[] {
  // A failed audit is stored as {"error": …}; only rows without a score are looked into.
  return db
    .prepare(
      `SELECT target, count(consistency) AS audited,
         sum(CASE WHEN consistency IS NULL THEN json_type(result, '$.error') IS NOT NULL ELSE 0 END) AS failed,
         sum(CASE WHEN consistency IS NULL THEN json_type(result, '$.error') IS NULL ELSE 0 END) AS noScore,
         avg(consistency) AS meanConsistency
       FROM results WHERE run_id = ? GROUP BY target ORDER BY target`,
    )
    .all(runId) as TargetSummary[];
}

/** Every question × target of a run (or one target's rows), in input order, read a page at a time. */
export async function* batchRows(db: Db, runId: string, pageSize = 500, target?: string): AsyncGenerator<BatchRow> {
  const page = db.prepare(
    `SELECT i.idx, i.question, i.meta, i.line, i.input, r.target, r.result
     FROM results r JOIN items i ON i.run_id = r.run_id AND i.idx = r.idx
     WHERE r.run_id = ? AND (r.idx > ? OR (r.idx = ? AND r.target > ?)) AND (? IS NULL OR r.target = ?)
     ORDER BY r.idx, r.target LIMIT ?`,
  );
  let after = { idx: -1, target: "" };
  for (;;) {
    const rows = page.all(runId, after.idx, after.idx, after.target, target ?? null, target ?? null, pageSize) as (RawItem & { target: string; result: string })[];
    for (const raw of rows) {
      const stored = parseStored(raw.result, `result ${raw.idx} of run ${runId}`, db.name) as AuditResult | { error: string };
      yield batchRow(raw.idx, toRow(raw, db.name), raw.target, "scores" in stored ? { result: stored } : { error: stored.error });
    }
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { idx: last.idx, target: last.target };
  }
}

/**
 * Merges `patch` into a run's stored config (e.g. the input's columns once they are known). It reads, then
 * writes: IMMEDIATE, so another process's write waits for it instead of being refused ("database is locked").
 */
export function updateRunConfig(db: Db, runId: string, patch: Partial<BatchRunConfig>): void {
  db.transaction(() => {
    const row = db.prepare("SELECT config FROM runs WHERE id = ?").get(runId) as { config: string } | undefined;
    if (!row) throw new Error(`no run ${runId}`);
    db.prepare("UPDATE runs SET config = ? WHERE id = ?").run(JSON.stringify({ ...JSON.parse(row.config), ...patch }), runId);
  }).immediate();
}

/** Marks a stopped run as running again (resume); a finished run stays finished. */
export function reopenRun(db: Db, runId: string): void {
  db.prepare("UPDATE runs SET status = 'running', finished_at = NULL, error = NULL WHERE id = ? AND status != 'done'").run(runId);
}
