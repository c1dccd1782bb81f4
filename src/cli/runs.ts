/** `auditllm runs` and `auditllm show`: what the store holds. */
import { databasePath } from "../config/paths.js";
import type { AuditResult } from "../core/types.js";
import { toAuditJson } from "../report/audit-json.js";
import { renderTerminalReport } from "../report/terminal.js";
import { fixed, oneLine } from "../report/text.js";
import { getResults, getRun, listRuns, openDatabase } from "../store/index.js";
import { InputError } from "./errors.js";
import { useColor } from "./tty.js";

export async function runs(options: { json?: boolean; limit: number }): Promise<void> {
  const db = openDatabase(databasePath());
  try {
    const rows = listRuns(db, { limit: options.limit });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) {
      process.stdout.write(`No runs yet in ${databasePath()}. Try: auditllm ask "Where did fortune cookies originate?"\n`);
      return;
    }
    for (const run of rows) {
      const summary = run.summary ?? {};
      const what = typeof summary.question === "string" ? oneLine(summary.question).slice(0, 60) : "";
      const consistency = typeof summary.consistency === "number" ? fixed(summary.consistency) : "–";
      const target = oneLine(String(summary.target ?? run.config.target ?? ""));
      process.stdout.write(`${run.id}  ${run.kind.padEnd(5)}  ${run.status.padEnd(9)}  ${consistency.padStart(4)}  ${target}  ${what}\n`);
    }
  } finally {
    db.close();
  }
}

export async function show(id: string, options: { json?: boolean }): Promise<void> {
  const db = openDatabase(databasePath());
  try {
    const run = getRun(db, id);
    if (!run) throw new InputError(`No run ${id}; \`auditllm runs\` lists them.`);
    const results = getResults(db, id);
    if (results.length === 0) throw new InputError(`Run ${id} has no results (status: ${run.status}${run.error ? `: ${run.error}` : ""}).`);
    for (const { result } of results) {
      const audit = result as AuditResult;
      process.stdout.write(
        options.json
          ? `${JSON.stringify(toAuditJson(audit, id), null, 2)}\n`
          : renderTerminalReport(audit, { color: useColor(process.stdout), width: process.stdout.columns ?? 100 }),
      );
    }
  } finally {
    db.close();
  }
}
