import assert from "node:assert/strict";
import test from "node:test";
import { UsageError } from "./errors.js";
import { judgeOf, metricSpecText, parseMetricSpec, withJudge } from "./metric-spec.js";

test("metric specs parse once into a typed value and print back as they were given", () => {
  for (const text of ["hybrid", "lexical", "embedding:ollama:nomic-embed-text", "transformer:./mpnet", "bertscore:Xenova/x", "bertscore-idf:./m", "judge:openai:gpt-4o-mini"]) {
    assert.equal(metricSpecText(parseMetricSpec(text)), text);
  }
  assert.deepEqual(parseMetricSpec("embedding:openai:text-embedding-3-small"), { kind: "embedding", model: "openai:text-embedding-3-small", provider: "openai" });
  assert.equal(judgeOf(parseMetricSpec("judge:ollama:llama3.2")), "ollama:llama3.2");
  assert.equal(judgeOf(parseMetricSpec("hybrid")), undefined);
});

test("a bad metric is a usage error that lists what there is", () => {
  assert.throws(
    () => parseMetricSpec("cosine"),
    (e: unknown) => e instanceof UsageError && /Unknown metric "cosine".*hybrid.*judge:<model-id>/s.test(e.message),
  );
  assert.throws(() => parseMetricSpec("judge:"), /judge: needs a model id/);
  assert.throws(() => parseMetricSpec("bertscore:"), /bertscore: needs a model/);
  assert.throws(() => parseMetricSpec("judge:nonsense:x"), /provider/i);
});

test("--judge is --metric judge:<id>, and clashes with another --metric", () => {
  assert.equal(withJudge("hybrid", "ollama:x"), "judge:ollama:x");
  assert.equal(withJudge("lexical", undefined), "lexical");
  assert.throws(() => withJudge("lexical", "ollama:x"), /both choose the metric/);
});
