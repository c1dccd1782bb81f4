/** Writes a stored batch run's reports (CSV, JSONL, HTML) from the store, a page of rows at a time. */
import { join } from "node:path";
import { batchReportSource, batchRunInfo } from "../batch/run-info.js";
import type { BatchRunInfo } from "../batch/types.js";
import { REPORT_FILES, writeReport, type ReportFormat } from "../report/batch/index.js";
import { getRun, type Db } from "../store/index.js";
import { InputError } from "./errors.js";

export function runInfo(db: Db, runId: string): BatchRunInfo {
  const run = getRun(db, runId);
  if (!run) throw new InputError(`No run ${runId}; \`auditllm runs\` lists them.`);
  if (run.kind !== "batch") throw new InputError(`Run ${runId} is an \`ask\` run; \`auditllm show ${runId}\` prints it.`);
  return batchRunInfo(db, runId, run)!;
}

export async function writeRunReports(db: Db, runId: string, outDir: string, formats: ReportFormat[] = ["csv", "jsonl", "html"]): Promise<string[]> {
  const source = batchReportSource(db, runInfo(db, runId));
  const files: string[] = [];
  for (const format of formats) {
    const path = join(outDir, REPORT_FILES[format]);
    await writeReport(format, source, path);
    files.push(path);
  }
  return files;
}
