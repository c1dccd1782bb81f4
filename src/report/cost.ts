/** A run's tokens and cost in words: one headline, and a line per model × stage × way of calling. */
import type { RunCost, UsageLine } from "../batch/types.js";
import { count as n } from "./batch/format.js";

/** Dollars with enough digits to show small runs: $0.0123, $1.23, $1,234. */
export function dollars(x: number): string {
  if (x === 0) return "$0";
  if (x < 0.01) return `$${x.toPrecision(2)}`;
  if (x < 100) return `$${x.toFixed(x < 1 ? 4 : 2)}`;
  return `$${n(Math.round(x))}`;
}

export function costHeadline(c: RunCost): string {
  const estimated = c.estimatedCalls ? ` (${n(c.estimatedCalls)} estimated from text length)` : "";
  const tokens = `tokens: ${n(c.inputTokens)} in${c.cachedInputTokens ? ` (${n(c.cachedInputTokens)} cached)` : ""}, ${n(c.outputTokens)} out over ${n(c.calls)} call(s)${estimated}`;
  const batched = c.lines.some((l) => l.via === "batch");
  const priced = c.lines.some((l) => l.cost !== null);
  let cost = "";
  if (priced) {
    cost = ` · cost ${dollars(c.cost)}`;
    if (batched && c.liveCost > c.cost) cost += ` (live calls would cost ${dollars(c.liveCost)}: ${dollars(c.liveCost - c.cost)} saved by the batch API)`;
  }
  const unpriced = c.unpriced.length ? ` · no price known for ${c.unpriced.join(", ")} (give one with --prices)` : "";
  return `${tokens}${cost}${unpriced}`;
}

export function usageLine(l: UsageLine): string {
  const cost = l.cost === null ? "no price" : dollars(l.cost);
  return `${l.role} · ${l.model} · ${l.via === "batch" ? "batch API" : "live"} · ${n(l.calls)} call(s) · ${n(l.inputTokens)} in${l.cachedInputTokens ? ` (${n(l.cachedInputTokens)} cached)` : ""} · ${n(l.outputTokens)} out${l.estimatedCalls ? ` (${n(l.estimatedCalls)} estimated)` : ""} · ${cost}`;
}
