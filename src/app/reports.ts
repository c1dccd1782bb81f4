/** A stored batch run's reports (CSV, JSONL, HTML, XLSX; JUnit XML on request), written from the store a page of rows at a time. */
import { dirname, join, resolve } from "node:path";
import { batchReportSource, batchRunInfo } from "../batch/run-info.js";
import type { BatchRunInfo, RunCost } from "../batch/types.js";
import { REPORT_FILES, sharedSources, writeJunitReport, writeReport, type ReportFormat } from "../report/batch/index.js";
import { ensureDir, getRun, type Db } from "../store/index.js";
import { InputError, UsageError } from "./errors.js";

export const REPORT_FORMATS = Object.keys(REPORT_FILES) as ReportFormat[];

export function runInfo(db: Db, runId: string, cost?: RunCost): BatchRunInfo {
  const run = getRun(db, runId);
  if (!run) throw new InputError(`No run ${runId}; \`auditllm runs\` lists them.`);
  if (run.kind !== "batch") throw new InputError(`Run ${runId} is an \`ask\` run; \`auditllm show ${runId}\` prints it.`);
  return batchRunInfo(db, runId, run, cost)!;
}

/**
 * Writes the reports of a run from the store, all formats together from one read of its rows. `final` writes them as the run will be once they are written
 * (its owner stores that status after them, so a run is never done without its reports), with its cost when the owner has summed it.
 */
export async function writeRunReports(
  db: Db,
  runId: string,
  outDir: string,
  formats: ReportFormat[] = REPORT_FORMATS,
  final?: Pick<BatchRunInfo, "status" | "finishedAt"> & { cost?: RunCost },
): Promise<string[]> {
  const { cost, ...status } = final ?? {};
  const source = batchReportSource(db, { ...runInfo(db, runId, cost), ...status });
  // All formats at once from one read of the rows (each stored result parsed once, not once per format).
  const shared = sharedSources(source, formats.length);
  const files = formats.map((format) => join(outDir, REPORT_FILES[format]));
  const outcomes = await Promise.allSettled(
    formats.map(async (format, i) => {
      try {
        await writeReport(format, shared.sources[i]!, files[i]!);
      } finally {
        shared.close(i);
      }
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) throw failed.reason;
  return files;
}

/** Checks a list of report formats ("csv,jsonl,html"). */
export function parseFormats(text: string): ReportFormat[] {
  const formats = text.split(",").map((f) => f.trim().toLowerCase()) as ReportFormat[];
  const unknown = formats.filter((f) => !REPORT_FORMATS.includes(f));
  if (unknown.length) throw new UsageError(`Unknown report format ${unknown.join(", ")}; use ${REPORT_FORMATS.join(", ")}.`);
  return formats;
}

/** Writes a batch run's reports into `out` (default ./auditllm-<run-id>); works while it runs, for partial results. */
export async function report(db: Db, runId: string, options: { formats?: ReportFormat[]; out?: string } = {}): Promise<string[]> {
  const out = resolve(options.out ?? `auditllm-${runId}`);
  runInfo(db, runId);
  ensureDir(out, "the output folder");
  return writeRunReports(db, runId, out, options.formats);
}

/** One report of a batch run, written to a stream (`auditllm report --out -`). */
export async function reportTo(db: Db, runId: string, format: ReportFormat, stream: NodeJS.WritableStream): Promise<void> {
  await writeReport(format, batchReportSource(db, runInfo(db, runId)), stream);
}

/** A batch run's JUnit XML (a test case per question × target, failing under the threshold) written to `path`. */
export async function writeJunitFile(db: Db, runId: string, path: string): Promise<string> {
  const file = resolve(path);
  const source = batchReportSource(db, runInfo(db, runId));
  ensureDir(dirname(file), "the folder of the JUnit file");
  await writeJunitReport(source, file);
  return file;
}
