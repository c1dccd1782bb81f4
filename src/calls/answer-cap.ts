/**
 * The longest answer auditllm keeps. `--max-tokens` is only a request: a model (or a broken server) may send
 * far more. An answer over the cap is cut where it arrives (calls/executor), so the store, results.jsonl and
 * the scoring never hold more, and its finishReason says so.
 */
import type { GenerateResult } from "../providers/types.js";

/** The finishReason of an answer auditllm cut. */
export const TRUNCATED = "truncated-by-auditllm";
/** Characters per token (generous: English averages ~4) × tokens × this many times the requested length. */
const CHARS_PER_TOKEN = 4;
const HEADROOM = 4;
/** The absolute ceiling, whatever --max-tokens says (AUDITLLM_MAX_ANSWER_CHARS overrides it). */
export const DEFAULT_MAX_ANSWER_CHARS = 200_000;

/** The cap for a call asking for `maxTokens` tokens: 16 characters a token, never over `ceiling`. */
export function answerCap(maxTokens: number | undefined, ceiling = DEFAULT_MAX_ANSWER_CHARS): number {
  return maxTokens ? Math.min(ceiling, maxTokens * CHARS_PER_TOKEN * HEADROOM) : ceiling;
}

/** The answer cut at `cap` characters (not inside a surrogate pair), with finishReason TRUNCATED; unchanged when shorter. */
export function capAnswer(answer: GenerateResult, cap: number): GenerateResult {
  if (answer.text.length <= cap) return answer;
  const end = /[\uD800-\uDBFF]/.test(answer.text.charAt(cap - 1)) ? cap - 1 : cap;
  return {
    ...answer,
    text: answer.text.slice(0, end),
    finishReason: TRUNCATED,
    warnings: [...answer.warnings, `answer cut at ${cap.toLocaleString("en")} characters (it was ${answer.text.length.toLocaleString("en")})`],
  };
}

/** Stream deltas passed on only up to `cap` characters in all. */
export function cappedDeltas(onDelta: (text: string) => void, cap: number): (text: string) => void {
  let seen = 0;
  return (text) => {
    const room = cap - seen;
    seen += text.length;
    if (room > 0) onDelta(text.length <= room ? text : text.slice(0, room));
  };
}
