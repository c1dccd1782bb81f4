import assert from "node:assert/strict";
import { test } from "node:test";
import { wordsIn } from "./conflict.js";
import { asciiTokens, tokenizeText } from "./tokenize.js";
import { WARM_UP_TEXTS, warmUp } from "./warm-up.js";

// The warm-up is worth its time only if its texts take the scanners' rare branches (README, Speed): each
// kind of token below is one V8 otherwise met first mid-run, and threw optimized code away for.
test("the warm-up texts hold every kind of token the scanners treat apart", () => {
  const tokens = WARM_UP_TEXTS.flatMap(tokenizeText);
  for (const kind of ["percent", "1000.5", "7.5", "1234", "co-op", "well-known", "a1-b2", "is", "not", "us"]) assert.ok(tokens.includes(kind), kind);
  const raw = asciiTokens(WARM_UP_TEXTS[0]!);
  for (const kind of ["It", "U", "Q", "A1-b2", "3rd"]) assert.ok(raw.includes(kind), kind);
  // Both ways through wordsIn: the ASCII scan and the pattern for other scripts.
  assert.ok(WARM_UP_TEXTS.some((t) => /^[\x00-\x7f]*$/.test(t)) && WARM_UP_TEXTS.some((t) => /[^\x00-\x7f]/.test(t)));
  assert.ok(wordsIn(WARM_UP_TEXTS[2]!).includes("naïve"));
});

test("warmUp runs the scanner over each text and its lower-case form, round after round", () => {
  const seen: string[] = [];
  warmUp((text) => seen.push(text), 2);
  assert.equal(seen.length, 2 * 2 * WARM_UP_TEXTS.length);
  assert.deepEqual(seen.slice(0, 2), [WARM_UP_TEXTS[0], WARM_UP_TEXTS[0]!.toLowerCase()]);
});
