/**
 * `batch --cancel <run-id>`: cancels a run's provider batches at the provider, and stops the run resumably: a live
 * process working it is asked to stop (through the store), a run no process owns is stored as cancelled.
 */
import { finishOrphanedRun, getRun, openSubmissions, requestCancel } from "../../store/index.js";
import { envOf, type AppDeps } from "../deps.js";
import { UsageError } from "../errors.js";
import { isStale, leaseTiming, liveOwner } from "../owner.js";
import { cancelSubmissions } from "./submissions.js";

export async function cancelProviderBatches(runId: string, deps: AppDeps): Promise<{ batchId: string; status: string }[]> {
  if (!deps.db) throw new Error("batch runs need a store (deps.db)");
  const db = deps.db;
  const run = getRun(db, runId);
  if (run?.kind !== "batch") throw new UsageError(`No batch run ${runId}; \`auditllm runs\` lists them.`);
  const env = envOf(deps);
  const cancelled = await cancelSubmissions({ db, runId, env }, openSubmissions(db, runId));
  if (liveOwner(db, runId, env)) requestCancel(db, runId);
  else finishOrphanedRun(db, runId, (owner) => isStale(owner, leaseTiming(env)), "cancelled", { error: "cancelled" });
  return cancelled;
}
