/**
 * What tokens cost: a small built-in table for common models (US dollars per million tokens, the providers'
 * published list prices when this was written; they change, so a run may bring its own with --prices), and
 * the batch services' discount (OpenAI and Anthropic both charge half for batch calls).
 */
import { z } from "zod";

export const priceSchema = z.object({
  /** Per million input tokens. */
  input: z.number().min(0),
  /** Per million output tokens. */
  output: z.number().min(0),
  /** Per million input tokens served from the prompt cache (default: input). */
  cachedInput: z.number().min(0).optional(),
  /** Share of the price a batch call pays (default 0.5). */
  batch: z.number().min(0).max(1).optional(),
});

/** Prices by model id ("openai:gpt-4o-mini") or id prefix ("openai:gpt-4o"); the longest match wins. */
export const priceTableSchema = z.record(z.string(), priceSchema);

export type Price = z.infer<typeof priceSchema>;
export type PriceTable = z.infer<typeof priceTableSchema>;

export const BATCH_SHARE = 0.5;

export const BUILT_IN_PRICES: PriceTable = {
  "openai:gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  "openai:gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "openai:gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "openai:gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "openai:gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "openai:o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "openai:gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  "anthropic:claude-3-haiku": { input: 0.25, cachedInput: 0.03, output: 1.25 },
  "anthropic:claude-3-5-haiku": { input: 0.8, cachedInput: 0.08, output: 4 },
  "anthropic:claude-haiku-4-5": { input: 1, cachedInput: 0.1, output: 5 },
  "anthropic:claude-3-5-sonnet": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic:claude-3-7-sonnet": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic:claude-sonnet-4": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic:claude-opus-4": { input: 15, cachedInput: 1.5, output: 75 },
};

/** Local models cost nothing per token. */
const FREE = ["ollama:", "llamacpp:"];

/** The price of a model: the run's own table first, then the built-in one, by longest id prefix; undefined when unknown. */
export function priceOf(model: string, own: PriceTable = {}): Price | undefined {
  if (FREE.some((p) => model.startsWith(p))) return { input: 0, output: 0 };
  for (const table of [own, BUILT_IN_PRICES]) {
    const match = Object.keys(table)
      .filter((id) => model === id || model.startsWith(id))
      .sort((a, b) => b.length - a.length)[0];
    if (match) return table[match];
  }
  return undefined;
}

/** Dollars for these tokens at this price, live or as batch calls. */
export function costOf(price: Price, tokens: { inputTokens: number; cachedInputTokens: number; outputTokens: number }, batch: boolean): number {
  const fresh = Math.max(0, tokens.inputTokens - tokens.cachedInputTokens);
  const dollars = (fresh * price.input + tokens.cachedInputTokens * (price.cachedInput ?? price.input) + tokens.outputTokens * price.output) / 1e6;
  return batch ? dollars * (price.batch ?? BATCH_SHARE) : dollars;
}
