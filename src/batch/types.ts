import type { UsageTally } from "../store/index.js";
/** Plain data of a batch run: what a reader yields, and what reports know of the run. The rows themselves are the store's (store/rows.ts). */
import type { InputRow } from "../store/rows.js";

export type { BatchRow, InputRow, Reference } from "../store/rows.js";

/** What a reader yields: a row, or why a row was skipped (never thrown: one bad row does not stop a run). */
export type InputItem = { ok: true; row: InputRow } | { ok: false; line: number; error: string };

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
  /** The run whose probes this run reused (batch --probes-from). */
  probesFrom?: string;
  /** Tokens and cost of the run's calls. */
  cost?: RunCost;
}

/** Tokens and dollars of one model × role × way of calling (live or in provider batches). */
export interface UsageLine extends UsageTally {
  /** Dollars; null when the model has no known price. */
  cost: number | null;
  /** What the same calls cost live (equal to cost for live calls). */
  liveCost: number | null;
}

/** A run's tokens and cost, per line and in all. */
export interface RunCost {
  lines: UsageLine[];
  calls: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  estimatedCalls: number;
  /** Dollars of the priced lines. */
  cost: number;
  liveCost: number;
  /** Models with no known price (their tokens are counted, not their cost). */
  unpriced: string[];
}
