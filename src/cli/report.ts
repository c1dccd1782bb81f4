/** `auditllm report`: writes a stored batch run's reports again (app/reports; also while it runs, for partial results). */
import { parseFormats, report as writeReports, reportTo, writeJunitFile } from "../app/reports.js";
import { databasePath } from "../config/paths.js";
import { openDatabase } from "../store/index.js";
import { UsageError } from "./errors.js";

export async function report(runId: string, options: { format: string; out?: string; junit?: string }): Promise<void> {
  const formats = parseFormats(options.format);
  const db = openDatabase(databasePath());
  try {
    if (options.out === "-") {
      if (formats.length !== 1) throw new UsageError("--out - writes one format to standard output: give one --format.");
      await reportTo(db, runId, formats[0]!, process.stdout);
      return;
    }
    const files = await writeReports(db, runId, { formats, out: options.out });
    if (options.junit) files.push(await writeJunitFile(db, runId, options.junit));
    process.stderr.write(`auditllm: wrote ${files.join(", ")}\n`);
  } finally {
    db.close();
  }
}
