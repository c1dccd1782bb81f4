/** `batch --cancel <run-id>`: cancels a run's provider batches at the provider and stores the run as cancelled (resumable). */
import { finishRun, getRun, openSubmissions } from "../../store/index.js";
import { envOf, type AppDeps } from "../deps.js";
import { UsageError } from "../errors.js";
import { cancelSubmissions } from "./submissions.js";

export async function cancelProviderBatches(runId: string, deps: AppDeps): Promise<{ batchId: string; status: string }[]> {
  if (!deps.db) throw new Error("batch runs need a store (deps.db)");
  const run = getRun(deps.db, runId);
  if (run?.kind !== "batch") throw new UsageError(`No batch run ${runId}; \`auditllm runs\` lists them.`);
  const cancelled = await cancelSubmissions({ db: deps.db, runId, env: envOf(deps) }, openSubmissions(deps.db, runId));
  if (run.status !== "done") finishRun(deps.db, runId, "cancelled", { error: "cancelled" });
  return cancelled;
}
