import assert from "node:assert/strict";
import test from "node:test";
import { BUILT_IN_PRICES, costOf, priceOf } from "./prices.js";

test("a model's price: the run's own table before the built-in one, the longest id prefix winning; local models free; unknown ones undefined", () => {
  assert.equal(priceOf("openai:gpt-4o-mini-2024-07-18"), BUILT_IN_PRICES["openai:gpt-4o-mini"]);
  assert.equal(priceOf("openai:gpt-4o-2024-08-06"), BUILT_IN_PRICES["openai:gpt-4o"]);
  assert.equal(priceOf("anthropic:claude-3-5-haiku-latest"), BUILT_IN_PRICES["anthropic:claude-3-5-haiku"]);
  assert.deepEqual(priceOf("openai:gpt-4o-mini", { "openai:gpt-4o-mini": { input: 1, output: 2 } }), { input: 1, output: 2 });
  assert.deepEqual(priceOf("ollama:llama3.2"), { input: 0, output: 0 });
  assert.equal(priceOf("openai-compatible:m"), undefined);
});

test("cost: fresh input, cached input and output at their prices per million tokens; batch calls at the batch share (half unless the table says)", () => {
  const price = { input: 2, cachedInput: 0.5, output: 8 };
  const tokens = { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 250_000 };
  assert.equal(costOf(price, tokens, false), 0.6 * 2 + 0.4 * 0.5 + 0.25 * 8);
  assert.equal(costOf(price, tokens, true), (0.6 * 2 + 0.4 * 0.5 + 0.25 * 8) / 2);
  assert.equal(costOf({ ...price, batch: 0.4 }, tokens, true), (0.6 * 2 + 0.4 * 0.5 + 0.25 * 8) * 0.4);
  assert.equal(costOf({ input: 3, output: 15 }, { inputTokens: 100, cachedInputTokens: 100, outputTokens: 0 }, false), 300 / 1e6, "cached input at the input price when none is given");
});
