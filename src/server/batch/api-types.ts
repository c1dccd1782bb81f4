/**
 * The shapes of the batch part of the web API (uploads, batch runs, their results, comparisons), re-exported
 * by api-types.ts for the browser app. Types only: nothing here imports the store or Node (request types come from their zod schemas).
 */
import type { z } from "zod";
import type { AuditJson } from "../../report/audit-json.js";
import type { batchRequestSchema } from "./request-schema.js";

/** POST /api/uploads?name=<file name> (body: the file's bytes, application/octet-stream): the file, checked. */
export interface UploadInfo {
  uploadId: string;
  /** The file's name as given (what the pages and messages show). */
  name: string;
  bytes: number;
  format: string;
  /** Usable questions found. */
  questions: number;
  /** Rows that will be skipped, with why (the first 20; `skipped` counts them all). */
  skipped: number;
  skippedRows: { line: number; error: string }[];
  /** Columns kept as metadata (besides question, id, category, references, probes, responses). */
  columns: string[];
  /** The first few questions, to check the right column was read. */
  sample: string[];
  /** Whether rows bring a category (the results can then be filtered by it). */
  categories: number;
}

/** POST /api/batches: stores a run on an upload and starts it (defaults filled in by the server; metric: the server's). */
export type BatchRequest = z.input<typeof batchRequestSchema>;

export interface BatchStarted {
  runId: string;
}

/** A target's headline numbers in a run (as `auditllm batch --json` and the HTML report count them). */
export interface TargetMean {
  target: string;
  meanConsistency: number | null;
  /** Questions with a consistency score. */
  audited: number;
  /** Questions whose audit failed (an error). */
  failed: number;
  /** Questions audited without a score: fewer than two answers to compare. */
  noScore: number;
}

/** GET /api/batches: one batch run, newest first. */
export interface BatchRunSummary {
  id: string;
  createdAt: string;
  finishedAt?: string;
  /** running, done, failed or cancelled. */
  status: string;
  /** The input file's name (never the server's path). */
  input: string;
  prober: string;
  targets: TargetMean[];
  /** Questions read from the input, once it has been read. */
  questions?: number;
  error?: string;
  /** Whether a live process works it now (this server's, or another that holds the run's lease): it can be cancelled here. */
  live: boolean;
  /** Stored as running, but no live process works it (its process was killed, or died with a server): resumable. */
  interrupted: boolean;
  /** Consistency under this is marked ✗ (the dissimilarity threshold, 0.60). */
  threshold: number;
}

/** How far a run is: questions finished (with or without errors) of all, and the pace. */
export interface BatchProgress {
  status: string;
  live: boolean;
  /** False while the input is still being read (then `total` is what has been read so far). */
  ingested: boolean;
  total: number;
  done: number;
  /** Finished questions where some target failed. */
  failed: number;
  skipped: number;
  /** Questions per second over the last minute; null until it can be measured. */
  rate: number | null;
  etaSeconds: number | null;
}

/** GET /api/batches/:id */
export interface BatchRunDetail extends BatchRunSummary {
  metric: string;
  probeCount: number;
  samples: number;
  temperature: number;
  diversity: string;
  progress: BatchProgress;
  categories: { category: string; questions: number }[];
  skippedRows: { line: number; error: string }[];
  canCancel: boolean;
  /** Whether the page can continue it (cancelled or failed, input still on this server). */
  canResume: boolean;
}

/** The events of GET /api/batches/:id/events, by SSE event name: progress every second, then end. */
export interface BatchEvents {
  progress: BatchProgress;
  end: BatchProgress;
}

/** As the store sorts (RESULT_SORTS): input order, score, question text, category, target. */
export type ResultSortKey = "idx" | "consistency" | "question" | "category" | "target";

/** GET /api/batches/:id/results query. */
export interface ResultsQuery {
  target?: string;
  category?: string;
  min?: number;
  max?: number;
  search?: string;
  sort?: ResultSortKey;
  order?: "asc" | "desc";
  offset?: number;
  limit?: number;
}

/** One question × target in the results table. */
export interface ResultRowJson {
  idx: number;
  line: number;
  question: string;
  category: string | null;
  target: string;
  consistency: number | null;
  error: string | null;
}

export interface ResultsPage {
  total: number;
  offset: number;
  limit: number;
  rows: ResultRowJson[];
}

/** GET /api/batches/:id/results/:idx?target=…: one question × target in full. */
export interface ResultDetail {
  runId: string;
  idx: number;
  line: number;
  id?: string;
  question: string;
  category?: string;
  target: string;
  meta: Record<string, string | number | boolean | null>;
  reference?: { correct?: string[]; incorrect?: string[]; best?: string };
  /** The audit; absent when this target failed on the question. */
  audit?: AuditJson;
  error?: string;
}

/** GET /api/compare?a=&b=&targetA=&targetB=&offset=&limit= */
export interface ComparisonJson {
  a: ComparedRunJson;
  b: ComparedRunJson;
  matched: number;
  onlyA: number;
  onlyB: number;
  /** Mean of b − a over the matched questions, with its 95% interval (normal approximation, ≥ 2 questions). */
  meanDifference: number | null;
  interval: [number, number] | null;
  better: number;
  worse: number;
  /** worse ÷ matched. */
  worseShare: number;
  /** How far a score must move to count as better or worse. */
  margin: number;
  /** Matched questions asked with other probes in the two runs. */
  probesDiffer: number;
  /** Why the difference may not be the model's alone (other probes, another metric). */
  warnings: string[];
  /** With failIfWorse or maxWorseShare: why the comparison fails that gate (empty: it passes). */
  gate?: { failIfWorse?: number; maxWorseShare?: number; failures: string[] };
  offset: number;
  limit: number;
  /** Matched questions, largest drop first. */
  rows: { question: string; a: number; b: number; difference: number }[];
}

export interface ComparedRunJson {
  runId: string;
  target: string;
  /** The input file's name. */
  input: string;
  metric: string;
  /** The run whose probes this one reused (batch --probes-from). */
  probesFrom?: string;
}
