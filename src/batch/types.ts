/** Plain data of a batch run: input rows as read from a file, and result rows as stored and reported. */
import type { AuditResult, References } from "../core/types.js";

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
}

/** What a reader yields: a row, or why a row was skipped (never thrown: one bad row does not stop a run). */
export type InputItem = { ok: true; row: InputRow } | { ok: false; line: number; error: string };

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

/** What reports need to know about the run besides its rows. */
export interface BatchRunInfo {
  id: string;
  createdAt: string;
  finishedAt?: string;
  status: string;
  input: string;
  targets: string[];
  prober: string;
  metric: string;
  /** Names of the meta columns, in input order (CSV columns). */
  metaColumns: string[];
  /** Rows skipped as malformed, with their line numbers (the first few hundred at most; see skippedCount). */
  skipped: { line: number; error: string }[];
  /** How many rows were skipped in all. */
  skippedCount?: number;
  threshold: number;
}
