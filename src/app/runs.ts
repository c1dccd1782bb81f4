/** What the store holds, as use cases: the runs, newest first, and a stored audit's results. */
import type { AuditResult } from "../core/types.js";
import { getResults, getRun, listRuns as storedRuns, runOutcome, type Db, type RunKind, type RunRow } from "../store/index.js";
import { InputError, UsageError } from "./errors.js";

export function listRuns(db: Db, options: { limit?: number; kind?: RunKind } = {}): RunRow[] {
  return storedRuns(db, options);
}

/** The audits of a stored `ask` run (or live audit), for printing again. */
export function auditResults(db: Db, id: string): { run: RunRow; results: AuditResult[] } {
  const run = getRun(db, id);
  if (!run) throw new InputError(`No run ${id}; \`auditllm runs\` lists them.`);
  if (run.kind === "batch") throw new UsageError(`Run ${id} is a batch run: \`auditllm report ${id}\` writes its reports.`);
  const results = getResults(db, id);
  if (results.length === 0) throw new InputError(`Run ${id} has no results (${runOutcome(run)}).`);
  return { run, results: results.map((r) => r.result as AuditResult) };
}
