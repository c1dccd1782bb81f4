/** What the store holds, as use cases: the runs, newest first (a running one whose owner is gone shown as interrupted), and a stored audit's results. */
import type { AuditResult } from "../core/types.js";
import type { Env } from "../providers/endpoints.js";
import { getResults, getRun, listRuns as storedRuns, ownerOf, runOutcome, type Db, type RunKind, type RunRow } from "../store/index.js";
import { InputError, UsageError } from "./errors.js";
import { isStale, leaseTiming } from "./owner.js";

/** A run as listed: a `running` run no live process owns is `interrupted` (a batch one says how to resume it). */
export interface RunView extends RunRow {
  /** The process working it, while one does. */
  owner?: { pid: number; host: string; since: string; heartbeatAt: string };
  /** Stored as running, but no live process works it (killed, crashed, its machine restarted). */
  interrupted?: boolean;
  /** The command that continues it. */
  resume?: string;
}

export function listRuns(db: Db, options: { limit?: number; kind?: RunKind; env?: Env } = {}): RunView[] {
  const timing = leaseTiming(options.env);
  return storedRuns(db, options).map((run) => runView(db, run, timing));
}

export function runView(db: Db, run: RunRow, timing = leaseTiming()): RunView {
  if (run.status !== "running") return run;
  const owner = ownerOf(db, run.id);
  if (owner && !isStale(owner, timing)) {
    return { ...run, owner: { pid: owner.pid, host: owner.host, since: owner.since, heartbeatAt: new Date(owner.heartbeatMs).toISOString() } };
  }
  return { ...run, interrupted: true, ...(run.kind === "batch" ? { resume: `auditllm batch --resume ${run.id}` } : {}) };
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
