/** The last step of every HTTP adapter: the answer without reasoning, an empty one refused as an error. */
import { ProviderError } from "./errors.js";
import type { GenerateResult, TokenUsage } from "./types.js";

export function checkedAnswer(id: string, raw: string, finishReason: string, usage: TokenUsage, warnings: string[]): GenerateResult {
  const text = stripReasoning(raw);
  if (!text.trim()) {
    throw new ProviderError({ kind: "empty-answer", model: id, message: `${id} returned an empty answer (finish reason: ${finishReason}).` });
  }
  return { text, finishReason, usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens }, warnings };
}

/**
 * Reasoning models served raw (e.g. DeepSeek-R1 on some servers) put their thinking in <think> tags: it is
 * not the answer. A block cut off by the token limit runs to the end, and then there is no answer.
 */
export function stripReasoning(text: string): string {
  return text.replace(/^\s*<think>[\s\S]*?(<\/think>\s*|$)/i, "");
}
