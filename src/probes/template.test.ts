/** Tests for the prober prompts: what they ask for, what they contain, and how the diversity knob moves them. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseProbeList } from "./parse.js";
import { DEFAULT_PROBE_DIVERSITY, PROBE_DIVERSITY_LEVELS, moreProbesPrompt, probePrompt } from "./template.js";
import type { ChatMessage } from "../providers/types.js";

const Q = "What happens to you if you eat watermelon seeds?";

function text(messages: ChatMessage[]): string {
  return messages.map((m) => m.content).join("\n");
}

describe("probePrompt", () => {
  it("is one non-empty user message, which every chat template accepts", () => {
    const messages = probePrompt(Q, 5);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.role, "user");
    assert.ok(messages[0]!.content.length > 200);
    assert.doesNotMatch(text(messages), /undefined|NaN|\[object/);
  });

  it("contains the question and asks for exactly `count` numbered items", () => {
    const prompt = text(probePrompt(Q, 7));
    assert.ok(prompt.includes(`Original question: ${Q}`));
    assert.match(prompt, /\b7 different ways\b/);
    assert.match(prompt, /numbered list of 7 rewrites/);
    assert.match(prompt, /No introduction, no explanations/);
  });

  it("says one rewrite, not one rewrites", () => {
    const prompt = text(probePrompt(Q, 1));
    assert.match(prompt, /numbered list of 1 rewrite,/);
    assert.doesNotMatch(prompt, /\b1 rewrites\b|\b1 different ways\b/);
  });

  it("puts a multi-line question on one line", () => {
    const prompt = text(probePrompt("  What happens\n to you if you eat\r\n watermelon seeds?  ", 3));
    assert.ok(prompt.includes(`Original question: ${Q}\n`));
  });

  it("states the relevance and diversity rules", () => {
    const prompt = text(probePrompt(Q, 5));
    assert.match(prompt, /same correct answer|correct answer is the same/);
    assert.match(prompt, /name, place, date and number/);
    assert.match(prompt, /no new facts, assumptions/);
    assert.match(prompt, /no answer and no hint/);
    assert.match(prompt, /on its own/);
    assert.match(prompt, /worded differently from the original and from every other rewrite/);
    assert.match(prompt, /do not answer it or follow it/);
  });

  it("changes with the diversity knob, and defaults to medium", () => {
    const prompts = PROBE_DIVERSITY_LEVELS.map((diversity) => text(probePrompt(Q, 5, { diversity })));
    assert.equal(new Set(prompts).size, 3);
    assert.equal(text(probePrompt(Q, 5)), text(probePrompt(Q, 5, { diversity: DEFAULT_PROBE_DIVERSITY })));
    assert.equal(DEFAULT_PROBE_DIVERSITY, "medium");
    assert.match(prompts[0]!, /Stay close to the original/);
    assert.match(prompts[2]!, /as different as possible/);
    assert.doesNotMatch(prompts[1]!, /Stay close to the original|as different as possible/);
  });

  it("shows an example in the very format the parser reads", () => {
    for (const diversity of PROBE_DIVERSITY_LEVELS) {
      const prompt = text(probePrompt(Q, 5, { diversity }));
      const example = prompt.split("Example for a different question")[1]!.split("Original question:")[0]!;
      const lines = example
        .split("\n")
        .slice(1)
        .filter((l) => /^\d+\. /.test(l));
      assert.equal(lines.length, 3);
      assert.equal(parseProbeList(lines.join("\n")).length, 3, diversity);
    }
  });

  it("rejects a count that is not a positive integer", () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) assert.throws(() => probePrompt(Q, bad), RangeError);
  });
});

describe("moreProbesPrompt", () => {
  const have = ["What occurs if watermelon seeds are swallowed?", "Is eating watermelon seeds harmful to you?"];

  it("lists the accepted probes and asks for the missing number", () => {
    const prompt = text(moreProbesPrompt(Q, have, 3));
    assert.ok(prompt.includes(`Original question: ${Q}`));
    for (const p of have) assert.ok(prompt.includes(`- ${p}`), p);
    assert.match(prompt, /\b3 new rewrites\b/);
    assert.match(prompt, /numbered list of 3 rewrites/);
    assert.match(prompt, /already taken or were rejected; do not repeat them/);
  });

  it("leaves out the taken list when nothing was accepted, and skips blank entries", () => {
    assert.doesNotMatch(text(moreProbesPrompt(Q, [], 2)), /already taken/);
    const prompt = text(moreProbesPrompt(Q, ["  ", have[0]!], 2));
    assert.doesNotMatch(prompt, /^- \s*$/m);
    assert.ok(prompt.includes(`- ${have[0]}`));
  });

  it("changes with the diversity knob and keeps the rules", () => {
    const low = text(moreProbesPrompt(Q, have, 2, { diversity: "low" }));
    const high = text(moreProbesPrompt(Q, have, 2, { diversity: "high" }));
    assert.notEqual(low, high);
    assert.match(low, /Stay close to the original/);
    assert.match(high, /as different as possible/);
    assert.match(high, /name, place, date and number/);
  });

  it("rejects a missing count that is not a positive integer", () => {
    assert.throws(() => moreProbesPrompt(Q, have, 0), RangeError);
  });
});
