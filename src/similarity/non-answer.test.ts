import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { givenStems } from "./focus.js";
import { isYesNoQuestion, nonAnswerKind } from "./non-answer.js";

const about = (question: string) => givenStems(question);

describe("nonAnswerKind", () => {
  const q = about("where did the butchers in the slaughterhouse cases live");
  it("finds refusals, pleas of ignorance and deflections", () => {
    assert.equal(nonAnswerKind("As an AI language model, I cannot accurately answer this question as it lacks context.", q), "refusal");
    assert.equal(nonAnswerKind("I'm sorry, I cannot answer this question without additional information.", q), "refusal");
    assert.equal(nonAnswerKind("I have no comment.", q), "refusal");
    assert.equal(nonAnswerKind("It is unclear where they lived.", q), "unknown");
    assert.equal(nonAnswerKind("I don't know.", q), "unknown");
    assert.equal(nonAnswerKind("Could you please clarify which cases you mean?", q), "unknown");
    assert.equal(nonAnswerKind("The answer can be found by searching online or consulting the court records.", q), "refusal");
  });
  it("finds a restatement of a wh-question", () => {
    assert.equal(nonAnswerKind("The butchers in the Slaughterhouse Cases lived somewhere.", about("where did the butchers in the slaughterhouse cases live somewhere")), "restatement");
  });
  it("keeps answers that come after boilerplate, or that answer yes or no", () => {
    assert.equal(nonAnswerKind("As an AI language model, I do not have personal beliefs. However, the butchers lived in New Orleans.", q), undefined);
    assert.equal(nonAnswerKind("The butchers were residents of New Orleans, Louisiana.", q), undefined);
    const yesNo = about("Is 7411 a prime number?");
    assert.equal(nonAnswerKind("Yes, 7411 is a prime number.", yesNo, true), undefined);
    assert.equal(nonAnswerKind("No, it is not.", yesNo, true), undefined);
    assert.equal(nonAnswerKind("7411 is a prime number.", yesNo, true), undefined, "restating a yes/no question affirms it");
  });
  it("without a question, only refusals and pleas count", () => {
    assert.equal(nonAnswerKind("Paris.", new Set()), undefined);
    assert.equal(nonAnswerKind("I don't know.", new Set()), "unknown");
  });
  it("tells yes/no questions", () => {
    assert.ok(isYesNoQuestion("Is 7411 a prime number?"));
    assert.ok(isYesNoQuestion("Did any US senator from Alabama attend MIT?"));
    assert.ok(!isYesNoQuestion("Who wrote Hamlet?"));
  });
});
