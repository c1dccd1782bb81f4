/**
 * The rows the store keeps and gives back: a question as its input row brought it, and one question × target
 * outcome as the reports read it. The store owns these shapes; the batch readers produce them.
 */
import type { AuditResult, Probe, References } from "../core/types.js";

/** Reference answers (TruthfulQA's layout: Correct Answers / Incorrect Answers, split on ";"). */
export interface Reference extends References {
  best?: string;
}

/** One question from an input file, with everything else the row carried. */
export interface InputRow {
  /** Where the row starts in the file (1-based line; for .xlsx the sheet's row number), for messages. */
  line: number;
  question: string;
  /** The row's own id (an `id` column), when it has one. */
  id?: string;
  /** A `category`/`Category` column, kept apart for per-category breakdowns. */
  category?: string;
  /** Every other column, as read (numbers stay numbers in .jsonl/.xlsx). */
  meta: Record<string, string | number | boolean | null>;
  reference?: Reference;
  /** Probes the row brings: no prober call for it. */
  probes?: string[];
  /** Answers the row brings: no target call for it (score-only). */
  responses?: string[];
  /** The accepted probes of the same question in another run (batch --probes-from): no prober call for it. */
  reusedProbes?: Probe[];
}

/** One question × target of a finished (or failed) batch item, as the store returns it and reports read it. */
export interface BatchRow {
  /** Position of the question in the input (0-based, rows that were skipped do not count). */
  idx: number;
  line: number;
  id?: string;
  question: string;
  category?: string;
  meta: InputRow["meta"];
  reference?: Reference;
  target: string;
  /** The audit; absent when the item failed for this target. */
  result?: AuditResult;
  error?: string;
}

export function batchRow(idx: number, row: InputRow, target: string, outcome: { result?: AuditResult; error?: string }): BatchRow {
  const head = { idx, line: row.line, id: row.id, question: row.question, category: row.category, meta: row.meta, reference: row.reference, target };
  return outcome.result ? { ...head, result: outcome.result } : { ...head, error: outcome.error ?? "no result" };
}
