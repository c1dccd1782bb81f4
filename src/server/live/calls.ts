/** The executor of one piece of web work: calls on the server's models, under its limits, cancelled by `signal`. */
import type { CallJournal } from "../../calls/journal.js";
import { createExecutor, type Executor } from "../../calls/executor.js";
import { DEFAULT_RETRY } from "../../providers/retry.js";
import type { AppContext } from "../context.js";
import type { AuditMetrics } from "../deps.js";

export interface WebExecutor {
  executor: Executor;
  metrics: AuditMetrics;
}

export function webExecutor(ctx: AppContext, journal: CallJournal, signal: AbortSignal): WebExecutor {
  const { calls } = ctx.deps;
  const executor = createExecutor({
    // A call's model is its spec's: the target for answers, the prober for probes, the judge for verdicts.
    model: (spec) => ctx.model(spec.model),
    journal,
    concurrency: calls.concurrency,
    timeoutMs: calls.timeoutMs,
    retry: { ...DEFAULT_RETRY, maxRetries: calls.retries },
    signal,
  });
  const metrics = ctx.deps.loadMetrics({ wrapEmbedder: executor.embedder, complete: executor.complete });
  return { executor, metrics };
}
