/** The report interface of batch mode: a source of rows, a sink for text, one writer per format. */
import type { BatchRow, BatchRunInfo } from "../../batch/types.js";
import type { TextSink } from "./sink.js";

/** The batch data reports read (this folder's only import from batch/). */
export type { BatchRow, BatchRunInfo } from "../../batch/types.js";

export type ReportFormat = "csv" | "jsonl" | "html" | "xlsx";

/** What a report reads: the run, and its rows in order of `idx` then `target`. `rows()` may be called once per format. */
export interface ReportSource {
  run: BatchRunInfo;
  rows(): AsyncIterable<BatchRow>;
  /** One target's rows in input order (a report written a target at a time); default: rows() filtered. */
  rowsOf?(target: string): AsyncIterable<BatchRow>;
}

/** Bounds of the HTML report (defaults suit 100k questions × several targets). */
export interface ReportOptions {
  /** Least consistent questions shown per target (default: 25 for one target, fewer for many, at least 8). */
  worstPerTarget?: number;
  /** Scatter points kept per target before sampling (default 3,000). */
  scatterPointsPerTarget?: number;
  /** Distinct categories tracked; the rest are pooled as "other categories" (default 500). */
  maxCategories?: number;
}

/** One report format. Writers stream: they never hold all rows. */
export interface ReportWriter {
  format: ReportFormat;
  /** The file name inside a run's output folder. */
  file: string;
  /** A text format writes to a sink (chunked, with backpressure)… */
  write?(source: ReportSource, sink: TextSink, options: ReportOptions): Promise<void>;
  /** …a binary one (xlsx) to the stream itself. */
  writeBinary?(source: ReportSource, out: NodeJS.WritableStream, options: ReportOptions): Promise<void>;
}

/** One target's rows of a source. */
export async function* rowsOf(source: ReportSource, target: string): AsyncIterable<BatchRow> {
  if (source.rowsOf) {
    yield* source.rowsOf(target);
    return;
  }
  for await (const row of source.rows()) if (row.target === target) yield row;
}
