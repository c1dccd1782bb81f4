/** A run's tokens and cost from its calls (store/usage) and the prices (built-in, or the run's own). */
import { runUsage, type Db } from "../store/index.js";
import { costOf, priceOf, type PriceTable } from "./prices.js";
import type { RunCost, UsageLine } from "./types.js";

export function runCost(db: Db, runId: string, prices: PriceTable = {}): RunCost {
  const lines: UsageLine[] = runUsage(db, runId).map((t) => {
    const price = priceOf(t.model, prices);
    return { ...t, cost: price ? costOf(price, t, t.via === "batch") : null, liveCost: price ? costOf(price, t, false) : null };
  });
  const sum = (f: (l: UsageLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  return {
    lines,
    calls: sum((l) => l.calls),
    inputTokens: sum((l) => l.inputTokens),
    cachedInputTokens: sum((l) => l.cachedInputTokens),
    outputTokens: sum((l) => l.outputTokens),
    estimatedCalls: sum((l) => l.estimatedCalls),
    cost: sum((l) => l.cost ?? 0),
    liveCost: sum((l) => l.liveCost ?? 0),
    unpriced: [...new Set(lines.filter((l) => l.cost === null).map((l) => l.model))],
  };
}
