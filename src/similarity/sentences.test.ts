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

  it("takes a line with terminators only at its end for one sentence, as the segmenter does", () => {
    const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
    for (const line of ["Really?!", 'He said "no."', "Yes.)", "What?\u201d", "Done\u3002", "Ok!!!", "Hi\u203c", "No terminator at all", "Paris, France (the capital)."]) {
      assert.deepEqual(splitSentences(line), [line]);
      assert.equal([...segmenter.segment(line)].length, 1, line);
    }
    assert.deepEqual(splitSentences('It is. "Yes"'), ["It is.", '"Yes"']);
    assert.deepEqual(splitSentences("One\u3002Two."), ["One\u3002", "Two."]);
  });
});
