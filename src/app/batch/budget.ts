/**
 * --max-cost for live runs: before a call is sent, what the run has spent (from the store) plus the calls in
 * flight plus this call at its most (its prompt, and max tokens of answer) must stay within the budget; else the
 * call is not sent and the run stops, saved, with a message saying how to go on.
 */
import { callKey } from "../../calls/key.js";
import type { CallSpec, Complete } from "../../core/types.js";
import { costOf, priceOf, type PriceTable } from "../../batch/prices.js";
import { runCost } from "../../batch/usage.js";
import { InputError } from "../errors.js";
import { createCallJournal, estimateTokens, type Db } from "../../store/index.js";

/** An InputError: the CLI prints its message and exits 1. */
export class BudgetError extends InputError {}

/** The call function under the budget, and a wait for the calls in flight (paid for: their answers are kept). */
export function budgeted(inner: Complete, o: { db: Db; runId: string; maxCost: number; prices?: PriceTable }): { complete: Complete; settled(): Promise<void> } {
  const journal = createCallJournal(o.db, o.runId);
  let spent = runCost(o.db, o.runId, o.prices).cost;
  let reserved = 0;
  let stopped: BudgetError | undefined;
  const inFlight = new Set<Promise<unknown>>();
  const worst = (spec: CallSpec) => {
    const price = priceOf(spec.model, o.prices);
    if (!price) return 0;
    const input = estimateTokens(spec.messages.reduce((sum, m) => sum + m.content.length, 0));
    return costOf(price, { inputTokens: input, cachedInputTokens: 0, outputTokens: spec.maxTokens ?? 4096 }, false);
  };
  const complete: Complete = async (spec, stream) => {
    if (journal.lookup(callKey(spec))) return inner(spec, stream);
    if (stopped) throw stopped;
    const most = worst(spec);
    if (spent + reserved + most > o.maxCost) {
      throw (stopped = new BudgetError(
        `Stopped before passing --max-cost $${o.maxCost}: the run has spent $${spent.toFixed(4)}, and the next call could cost up to $${most.toFixed(4)}. Run ${o.runId} is saved; go on with a larger budget: auditllm batch --resume ${o.runId} --max-cost <usd>.`,
      ));
    }
    reserved += most;
    const call = inner(spec, stream);
    inFlight.add(call);
    try {
      const result = await call;
      const price = priceOf(spec.model, o.prices);
      const { inputTokens, outputTokens, cachedInputTokens } = result.usage;
      if (price) spent += costOf(price, { inputTokens: inputTokens ?? 0, cachedInputTokens: cachedInputTokens ?? 0, outputTokens: outputTokens ?? 0 }, false);
      return result;
    } finally {
      reserved -= most;
      inFlight.delete(call);
    }
  };
  return { complete, settled: async () => void (await Promise.allSettled([...inFlight])) };
}
