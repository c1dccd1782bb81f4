/**
 * Batch reports: `results.csv`, `results.jsonl`, a self-contained `report.html` and `results.xlsx`, each written
 * by one writer from a stream of rows (memory stays flat however many rows there are); `junit.ts` writes JUnit XML.
 */
import { csvReport } from "./csv.js";
import { htmlReport } from "./html.js";
import { jsonlReport } from "./jsonl.js";
import { writeJunit } from "./junit.js";
import { withFile, withSink } from "./sink.js";
import { xlsxReport } from "./xlsx.js";
import type { ReportFormat, ReportOptions, ReportSource, ReportWriter } from "./types.js";

export type { ReportFormat, ReportOptions, ReportSource, ReportWriter } from "./types.js";
export { escapeHtml } from "./escape.js";
export { sharedSources, type SharedSources } from "./shared-source.js";

/** Every format, in the order a run writes them. */
export const REPORT_WRITERS: readonly ReportWriter[] = [csvReport, jsonlReport, htmlReport, xlsxReport];

export const REPORT_FORMATS: readonly ReportFormat[] = REPORT_WRITERS.map((w) => w.format);

export const REPORT_FILES = Object.fromEntries(REPORT_WRITERS.map((w) => [w.format, w.file])) as Record<ReportFormat, string>;

/**
 * Writes one report. `out` is a stream (flushed, left open: it may be stdout) or a file path (written to a
 * temporary file and renamed into place when complete). Calls `source.rows()` once.
 */
export async function writeReport(format: ReportFormat, source: ReportSource, out: NodeJS.WritableStream | string, options: ReportOptions = {}): Promise<void> {
  const writer = REPORT_WRITERS.find((w) => w.format === format);
  if (!writer) throw new Error(`Unknown report format "${String(format)}" (known: ${REPORT_FORMATS.join(", ")}).`);
  if (writer.writeBinary) await withFile(out, (stream) => writer.writeBinary!(source, stream, options));
  else await withSink(out, (sink) => writer.write!(source, sink, options));
}

/** JUnit XML of a run (a test case per question × target, failing under the threshold) to a stream or a file. */
export async function writeJunitReport(source: ReportSource, out: NodeJS.WritableStream | string): Promise<void> {
  await withSink(out, (sink) => writeJunit(source, sink));
}
