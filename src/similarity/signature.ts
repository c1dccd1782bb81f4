/**
 * The content of a text as a comparable key: its stemmed content words, sorted. Two texts with the same
 * signature say the same words in another order or with other function words ("Where did fortune cookies
 * originate?" / "Where did the fortune cookies originate?"): as probes they add no diversity. Question
 * words and negations count as content, so "where" and "when" questions never collide.
 */
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { tokensOf } from "./tokenize.js";

const KEPT = new Set(["what", "when", "where", "which", "who", "whom", "why", "how"]);

export function contentSignature(text: string): string {
  return tokensOf(text)
    .filter((t) => /[\p{L}\p{N}]/u.test(t) && (KEPT.has(t) || !isStopWord(t)))
    .map(stem)
    .sort()
    .join(" ");
}
