import assert from "node:assert/strict";
import test from "node:test";
import { contentSignature } from "./signature.js";

test("function words, order, case and inflection do not change the signature", () => {
  assert.equal(contentSignature("Where did fortune cookies originate?"), contentSignature("Where did the fortune cookies originate?"));
  assert.equal(contentSignature("Who was the ruler of England in 1616?"), contentSignature("In 1616, who was England's ruler"));
});

test("question words, negations and content words do", () => {
  assert.notEqual(contentSignature("Where did fortune cookies originate?"), contentSignature("When did fortune cookies originate?"));
  assert.notEqual(contentSignature("Is MSG harmful?"), contentSignature("Is MSG not harmful?"));
  assert.notEqual(contentSignature("Where did fortune cookies originate?"), contentSignature("Where did fortune cookies first appear?"));
});
