/** `auditllm report`: writes a stored batch run's reports again (also while it runs, for partial results). */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { batchReportSource } from "../batch/run-info.js";
import { databasePath } from "../config/paths.js";
import { REPORT_FILES, writeReport, type ReportFormat } from "../report/batch/index.js";
import { openDatabase } from "../store/index.js";
import { UsageError } from "./errors.js";
import { runInfo, writeRunReports } from "./reports.js";

const FORMATS = Object.keys(REPORT_FILES) as ReportFormat[];

export async function report(runId: string, options: { format: string; out?: string }): Promise<void> {
  const formats = options.format.split(",").map((f) => f.trim().toLowerCase()) as ReportFormat[];
  const unknown = formats.filter((f) => !FORMATS.includes(f));
  if (unknown.length) throw new UsageError(`Unknown report format ${unknown.join(", ")}; use ${FORMATS.join(", ")}.`);
  const db = openDatabase(databasePath());
  try {
    if (options.out === "-") {
      if (formats.length !== 1) throw new UsageError("--out - writes one format to standard output: give one --format.");
      await writeReport(formats[0]!, batchReportSource(db, runInfo(db, runId)), process.stdout);
      return;
    }
    const out = resolve(options.out ?? `auditllm-${runId}`);
    await mkdir(out, { recursive: true });
    const files = await writeRunReports(db, runId, out, formats);
    process.stderr.write(`auditllm: wrote ${files.join(", ")}\n`);
  } finally {
    db.close();
  }
}
