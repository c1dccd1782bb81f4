/**
 * A stored batch run's reports over HTTP, written by the report writers of report/batch from the store as the
 * client reads them (memory stays flat, partial results while the run goes on), with every secret of the
 * environment removed on the way, as from every other response. The input shows as its file name only.
 */
import { basename } from "node:path";
import { PassThrough, Readable, Transform, type TransformCallback } from "node:stream";
import { batchReportSource, batchRunInfo } from "../../batch/run-info.js";
import type { BatchRow, BatchRunInfo } from "../../batch/types.js";
import { REPORT_FILES, writeReport, type ReportFormat, type ReportSource } from "../../report/batch/index.js";
import type { Db } from "../../store/index.js";
import type { AppContext } from "../context.js";
import { secretsOf } from "../redact.js";

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  html: "text/html; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The run as its reports show it, with the input's file name instead of the server's path. */
export function reportInfo(db: Db, runId: string): BatchRunInfo {
  const info = batchRunInfo(db, runId)!;
  return { ...info, input: basename(info.input) };
}

/** The report as a download: `auditllm-<run>-results.csv`, `…-results.jsonl` or `…-report.html`. */
export function reportDownload(ctx: AppContext, runId: string, format: ReportFormat): Response {
  // A workbook is zipped: its secrets are removed from each row before it is written, not from the bytes.
  const binary = format === "xlsx";
  const out = binary ? new PassThrough() : redactingStream(ctx);
  const source = batchReportSource(ctx.deps.db, reportInfo(ctx.deps.db, runId));
  writeReport(format, binary ? redactedRows(ctx, source) : source, out).then(
    () => out.end(),
    (error: Error) => {
      // A client that went away closes the stream: that is not worth a log line.
      if (!out.destroyed) ctx.deps.log?.(ctx.redact(`report ${format} of ${runId} failed: ${error.message}`));
      out.destroy(error);
    },
  );
  const file = `auditllm-${runId}-${REPORT_FILES[format]}`;
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: { "content-type": CONTENT_TYPES[format], "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store" },
  });
}

/** The source with every secret of the environment removed from each row (and from the run's info). */
function redactedRows(ctx: AppContext, source: ReportSource): ReportSource {
  const clean = <T>(value: T): T => JSON.parse(ctx.redact(JSON.stringify(value))) as T;
  async function* map(rows: AsyncIterable<BatchRow>) {
    for await (const row of rows) yield clean(row);
  }
  return { run: clean(source.run), rows: () => map(source.rows()), rowsOf: source.rowsOf ? (target) => map(source.rowsOf!(target)) : undefined };
}

/** The whole HTML report as text (for the report page), secrets removed. */
export async function reportHtml(ctx: AppContext, runId: string): Promise<string> {
  const parts: string[] = [];
  const out = new Transform({ decodeStrings: false, transform: (chunk: string | Buffer, _e, done) => (parts.push(String(chunk)), done()) });
  await writeReport("html", batchReportSource(ctx.deps.db, reportInfo(ctx.deps.db, runId)), out);
  return ctx.redact(parts.join(""));
}

/**
 * A text stream that removes secrets even when one is split between two writes: it holds back the last
 * (longest secret − 1) characters of each write until the next one (or the end) shows what follows.
 */
export function redactingStream(ctx: Pick<AppContext, "redact" | "deps">): Transform {
  const longest = Math.max(0, ...secretsOf(ctx.deps.env, [ctx.deps.token]).map((s) => s.length));
  let held = "";
  return new Transform({
    decodeStrings: false,
    transform(chunk: string | Buffer, _encoding, done: TransformCallback) {
      const text = ctx.redact(held + String(chunk));
      const keep = Math.min(text.length, Math.max(0, longest - 1));
      held = text.slice(text.length - keep);
      if (text.length > keep) this.push(text.slice(0, text.length - keep));
      done();
    },
    flush(done: TransformCallback) {
      if (held) this.push(ctx.redact(held));
      done();
    },
  });
}
