/** Writes a stored batch run's reports (CSV, JSONL, HTML) from the store, a page of rows at a time. */
import { join } from "node:path";
import type { BatchRunInfo } from "../batch/types.js";
import { DISSIMILAR_THRESHOLD } from "../core/scores.js";
import { REPORT_FILES, writeReport, type ReportFormat } from "../report/batch/index.js";
import { batchRows, getRun, skippedRows, type Db } from "../store/index.js";
import type { BatchConfig } from "./batch.js";
import { InputError } from "./errors.js";

export function runInfo(db: Db, runId: string): BatchRunInfo {
  const run = getRun(db, runId);
  if (!run) throw new InputError(`No run ${runId}; \`auditllm runs\` lists them.`);
  if (run.kind !== "batch") throw new InputError(`Run ${runId} is an \`ask\` run; \`auditllm show ${runId}\` prints it.`);
  const config = run.config as unknown as BatchConfig;
  const skipped = skippedRows(db, runId);
  return {
    id: run.id,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    status: run.status,
    input: config.input,
    targets: config.targets,
    prober: config.prober,
    metric: config.metric,
    metaColumns: config.metaColumns ?? [],
    skipped: skipped.rows,
    skippedCount: skipped.count,
    threshold: DISSIMILAR_THRESHOLD,
  };
}

export async function writeRunReports(db: Db, runId: string, outDir: string, formats: ReportFormat[] = ["csv", "jsonl", "html"]): Promise<string[]> {
  const source = { run: runInfo(db, runId), rows: () => batchRows(db, runId) };
  const files: string[] = [];
  for (const format of formats) {
    const path = join(outDir, REPORT_FILES[format]);
    await writeReport(format, source, path);
    files.push(path);
  }
  return files;
}
