import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assignRoles, uniqueNames } from "./columns.js";

describe("assignRoles", () => {
  it("finds the question by preference (question, then prompt, then query), exact spelling first", () => {
    assert.equal(assignRoles(["query", "prompt"]).question, 1);
    assert.equal(assignRoles(["Query", "QUESTION", "prompt"]).question, 1);
    assert.equal(assignRoles(["Question", "question"]).question, 1);
    assert.equal(assignRoles([" Question "]).question, 0);
    assert.equal(assignRoles(["text", "prompts"]).question, undefined);
  });

  it("lifts id, category, reference and stage columns; of duplicates the exact spelling wins; the rest is metadata", () => {
    const names = ["Type", "ID", "Category", "Question", "Best Answer", "Correct Answers", "incorrect-answers", "probes", "Responses", "id", "Source"];
    const { question, roles, meta } = assignRoles(names);
    assert.equal(question, 3);
    assert.deepEqual(roles, { id: 9, category: 2, best: 4, correct: 5, incorrect: 6, probes: 7, responses: 8 });
    assert.deepEqual(
      meta.map((i) => names[i]),
      ["Type", "ID", "Source"],
    );
    assert.deepEqual(assignRoles(["ID", "Id", "question"]).roles, { id: 0 });
  });

  it("knows extra roles only when asked (JSONL's reference)", () => {
    assert.deepEqual(assignRoles(["question", "reference"]).meta, [1]);
    assert.deepEqual(assignRoles(["question", "Reference"], ["reference"]).extra, { reference: 1 });
  });
});

describe("uniqueNames", () => {
  it("trims, names blank columns by position and numbers duplicates", () => {
    assert.deepEqual(uniqueNames([" a ", "", "a", "a", "a_2 "]), ["a", "column_2", "a_2", "a_3", "a_2_2"]);
  });
});
