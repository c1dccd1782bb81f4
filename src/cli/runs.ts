/** `auditllm runs` and `auditllm show`: what the store holds (app/runs), printed. */
import { basename } from "node:path";
import { databasePath } from "../config/paths.js";
import { toAuditJson } from "../report/audit-json.js";
import { renderTerminalReport } from "../report/terminal.js";
import { fixed, oneLine } from "../report/text.js";
import { auditResults, listRuns } from "../app/runs.js";
import { askConfigOf, batchConfigOf, openDatabase, runQuestion, type Db, type RunRow } from "../store/index.js";
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
      process.stdout.write(`${run.id}  ${run.kind.padEnd(5)}  ${(run.interrupted ? "interrupted" : run.status).padEnd(9)}  ${describe(db, run)}\n`);
      if (run.resume) process.stdout.write(`  interrupted (its process is gone): continue it with ${run.resume}\n`);
    }
  } finally {
    db.close();
  }
}

/** One line about a run: an ask's score, target and question (also when it failed or was cancelled); a batch's input and each target's mean. */
function describe(db: Db, run: RunRow): string {
  const summary = run.summary ?? {};
  if (run.kind === "batch") {
    const config = batchConfigOf(run);
    const targets = (summary.targets as { target: string; meanConsistency: number | null }[] | undefined) ?? config.targets.map((target) => ({ target, meanConsistency: null }));
    const means = targets.map((t) => `${oneLine(t.target)} ${t.meanConsistency === null ? "–" : fixed(t.meanConsistency)}`).join(", ");
    return `${oneLine(basename(config.input))}${typeof summary.questions === "number" ? ` (${summary.questions} questions)` : ""}  ${means}`;
  }
  const config = askConfigOf(run);
  const consistency = typeof summary.consistency === "number" ? fixed(summary.consistency) : "–";
  const question = typeof summary.question === "string" ? summary.question : runQuestion(db, run.id);
  const what = question ? oneLine(question).slice(0, 60) : "";
  return `${consistency.padStart(4)}  ${oneLine(String(summary.target ?? config.target))}  ${what}`;
}

export async function show(id: string, options: { json?: boolean }): Promise<void> {
  const db = openDatabase(databasePath());
  try {
    for (const audit of auditResults(db, id).results) {
      process.stdout.write(
        options.json ? `${JSON.stringify(toAuditJson(audit, id), null, 2)}\n` : renderTerminalReport(audit, { color: useColor(process.stdout), width: process.stdout.columns ?? 100 }),
      );
    }
  } finally {
    db.close();
  }
}
