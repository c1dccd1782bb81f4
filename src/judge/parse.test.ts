/** Tests for the verdict parsers on replies in the styles real models write them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePairVerdict, parseSupportVerdict, type PairVerdict, type SupportVerdict } from "./parse.js";

const PAIR: [string, PairVerdict | undefined][] = [
  // The word as asked, in every case and dress.
  ["AGREE", "agree"],
  ["agree", "agree"],
  ["Agree.", "agree"],
  ["  CONTRADICT\n", "contradict"],
  ["NEUTRAL", "neutral"],
  ["**AGREE**", "agree"],
  ["**Verdict:** **CONTRADICT**", "contradict"],
  ["`NEUTRAL`", "neutral"],
  ['"Agree"', "agree"],
  ["# Neutral", "neutral"],
  ["Yes", "agree"],
  ["yes.", "agree"],
  // A leading word, then reasons.
  ["Agree. Both answers say the Eiffel Tower is in Paris.", "agree"],
  ["CONTRADICT\n\nAnswer A says 1969, answer B says 1972.", "contradict"],
  ["Contradict — A names Edison, B names Tesla.", "contradict"],
  ["Neutral: answer A declines to answer.", "neutral"],
  // Labels, anywhere; the last one wins.
  ["Verdict: Contradict", "contradict"],
  ["verdict - agree", "agree"],
  ["Both mention Paris as the capital.\nVerdict: AGREE", "agree"],
  ["Answer A gives 1969 and answer B gives 1972, so they differ.\n\nFinal answer: CONTRADICT", "contradict"],
  ["The answer is NEUTRAL because A refuses.", "neutral"],
  ["Label: neither", "neutral"],
  ["Initial verdict: agree. On reflection, the dates differ. Final verdict: contradict", "contradict"],
  ["**Answer:** AGREE\n\n**Explanation:** Both answers name Paris.", "agree"],
  ["The verdict is: CONTRADICT.", "contradict"],
  ["Both answers state that the Earth is round, so they AGREE.", "agree"],
  ["A: yes. B: no. Therefore: CONTRADICT", "contradict"],
  ["NEUTRAL - Answer A refuses to answer while Answer B gives a date.", "neutral"],
  ["Agree (both say Paris)", "agree"],
  // JSON, bare, fenced, with extra keys, Python quotes.
  ['{"verdict": "agree"}', "agree"],
  ['{"verdict":"CONTRADICT","reason":"A says 1969, B says 1972"}', "contradict"],
  ['```json\n{\n  "verdict": "neutral"\n}\n```', "neutral"],
  ["Here is my answer: {'verdict': 'agree'}", "agree"],
  ['{"label": "Contradict"}', "contradict"],
  ['{"result": "They agree."}', "agree"],
  // Prose.
  ["They agree.", "agree"],
  ["The two answers agree on the final answer: Paris.", "agree"],
  ["Both answers are semantically equivalent.", "agree"],
  ["They give the same answer in different words.", "agree"],
  ["The answers contradict each other.", "contradict"],
  ["These answers are inconsistent: one says yes, the other no.", "contradict"],
  ["The answers disagree about the year.", "contradict"],
  ["They give different answers.", "contradict"],
  ["The two answers are unrelated.", "neutral"],
  ["They neither agree nor contradict each other.", "neutral"],
  ["The answers are about different topics.", "neutral"],
  // Negation: a negated word is not that verdict.
  ["They do not contradict each other; they agree.", "agree"],
  ["The answers don't contradict each other, so they agree", "agree"],
  ["There is no contradiction between them, they are consistent.", "agree"],
  ["The answers do NOT CONTRADICT; they AGREE.", "agree"],
  ["They do not contradict each other.", undefined],
  ["They don't really agree.", undefined],
  ["Neither answer contradicts the other.", undefined],
  // Reasoning already stripped by the provider, or left in by a raw server.
  ["<think>They might contradict... no, both say Paris.</think>\nAGREE", "agree"],
  ["Hmm, both say Paris.</think>\n\nAgree", "agree"],
  ["<think>Let me compare the two answers, they seem to agree", undefined],
  // Unreadable.
  ["", undefined],
  ["I cannot help with that.", undefined],
  ["No", undefined],
  ["AGREE, CONTRADICT or NEUTRAL", undefined],
  ["The answers agree on the city but contradict each other on the year.", undefined],
  ["Answer A: Paris. Answer B: Lyon.", undefined],
  ['{"confidence": 0.9}', undefined],
];

const SUPPORT: [string, SupportVerdict | undefined][] = [
  ["Yes", "supported"],
  ["yes", "supported"],
  ["Yes.", "supported"],
  ["YES", "supported"],
  ["**Yes**", "supported"],
  ["No", "unsupported"],
  ["no.", "unsupported"],
  ["No, the context does not mention the year.", "unsupported"],
  ["Yes, the context states that he was born in 1950.", "supported"],
  ["Answer: Yes", "supported"],
  ["The answer is no.", "unsupported"],
  ["Not supported.", "unsupported"],
  ["Supported", "supported"],
  ["The sentence is supported by the context.", "supported"],
  ["The sentence is not supported by the context.", "unsupported"],
  ["The context does not support this sentence.", "unsupported"],
  ["The context contradicts the sentence.", "unsupported"],
  ["The sentence is not mentioned in the context.", "unsupported"],
  ["Partially.", "unclear"],
  ["N/A", "unclear"],
  ["Unclear", "unclear"],
  ["The sentence is partially supported: the year is right but not the place.", "unclear"],
  ["Based on the context, the answer is Yes.", "supported"],
  ["No. The context says he was born in Leeds, not London.", "unsupported"],
  ["The context supports the sentence.", "supported"],
  ['{"supported": true}', "supported"],
  ['{"supported": false}', "unsupported"],
  ['{"answer": "No"}', "unsupported"],
  ["<think>The passage says 1950.</think>Yes", "supported"],
  ["", undefined],
  ["The sentence talks about a French chemist.", undefined],
  ["Yes and no", undefined],
];

describe("parsePairVerdict", () => {
  for (const [reply, expected] of PAIR) {
    it(`${JSON.stringify(reply)} → ${expected}`, () => assert.equal(parsePairVerdict(reply), expected));
  }
});

describe("parseSupportVerdict", () => {
  for (const [reply, expected] of SUPPORT) {
    it(`${JSON.stringify(reply)} → ${expected}`, () => assert.equal(parseSupportVerdict(reply), expected));
  }
});
