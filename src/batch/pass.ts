/**
 * One pass over a batch run's unfinished questions for a provider's batch API: each question is audited as far
 * as the answers in hand take it. A call with no answer yet throws DeferredCall (its spec was collected for the
 * next submission) and leaves its question for a later pass; questions whose every call is answered are stored
 * as in processBatch. Passes repeat, one submission round between each, until a pass defers nothing.
 */
import { completeItem } from "../store/index.js";
import { auditItem } from "./item.js";
import { unfinishedCursor, type BatchWork } from "./run.js";

/** Thrown by a pass's call function for a call that goes in the next submission. */
export class DeferredCall extends Error {
  override readonly name = "DeferredCall";
}

export async function runPass(work: BatchWork): Promise<{ finished: number; deferred: number }> {
  const { db, runId, signal } = work;
  const tally = { finished: 0, deferred: 0 };
  const next = unfinishedCursor(db, runId, work.window);
  const worker = async () => {
    for (let item = next(); item && !signal?.aborted; item = next()) {
      let outcome: Awaited<ReturnType<typeof auditItem>>;
      try {
        outcome = await auditItem(item.row, work.targets, work.config, work.deps);
      } catch (error) {
        if (!(error instanceof DeferredCall)) throw error;
        tally.deferred++;
        continue;
      }
      if (signal?.aborted) return;
      await completeItem(db, runId, item.idx, outcome.outcomes, outcome.probes, work.redact);
      tally.finished++;
      await work.onItem?.(item, outcome);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, work.window) }, worker));
  return tally;
}
