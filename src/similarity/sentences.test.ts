import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitSentences } from "./sentences.js";

describe("splitSentences", () => {
  it("keeps abbreviations, initials and decimals inside their sentence", () => {
    assert.deepEqual(splitSentences("Dr. Smith went to Washington D.C. on Jan. 5. He met Mr. J. K. Rowling there. It was fun!"), [
      "Dr. Smith went to Washington D.C. on Jan. 5.",
      "He met Mr. J. K. Rowling there.",
      "It was fun!",
    ]);
    assert.deepEqual(splitSentences("Growth was 2.5% (approx. 3 points). Prices rose."), ["Growth was 2.5% (approx. 3 points).", "Prices rose."]);
  });
  it("ends a sentence at every list item, heading and paragraph, without the markers", () => {
    assert.deepEqual(splitSentences("Answer: 42.\n\n## Why\n- first reason\n- second reason\n1. one\n2) two"), ["Answer: 42.", "Why", "first reason", "second reason", "one", "two"]);
  });
  it("has nothing for an empty text and one sentence for one without a full stop", () => {
    assert.deepEqual(splitSentences("  \n "), []);
    assert.deepEqual(splitSentences("Paris"), ["Paris"]);
  });
});
