import assert from "node:assert/strict";
import test from "node:test";
import { createExecutor } from "../calls/executor.js";
import { mockModel } from "../testing/mock-model.js";
import { overlapMetric } from "../testing/overlap-metric.js";
import { generateProbes, userProbes } from "./probes.js";

const request = { question: "when did the eagles win their last super bowl", count: 2, prober: "mock:p", temperature: 0, maxTokens: 200, diversity: "medium" as const };

test("near-duplicates of the question or of each other are dropped with the reason, by the metric's thresholds", async () => {
  const prober = mockModel("mock:p", (_, call) =>
    call === 0
      ? "1. When did the Eagles win their last Super Bowl game?\n2. In which year did the Eagles last win the Super Bowl?\n3. In which year did the Eagles last win a Super Bowl?"
      : "1. In what year did the Eagles most recently win the Super Bowl?",
  );
  const { complete } = createExecutor({ model: () => prober });
  const set = await generateProbes({ ...request, minRelevance: 0.3, maxSimilarity: 0.85 }, complete, overlapMetric);
  assert.deepEqual(
    set.probes.map((p) => p.text),
    ["In which year did the Eagles last win the Super Bowl?", "In what year did the Eagles most recently win the Super Bowl?"],
  );
  assert.deepEqual(
    set.dropped.map((d) => d.reason.replace(/ \(.*/, "")),
    ["too close to the question", 'near-duplicate of "In which year did the Eagles last win the Super Bowl?"'],
  );
  assert.match(set.dropped[0]!.reason, /^too close to the question \(similarity 0\.\d\d ≥ 0\.85\)$/, "the rule that dropped it: the similarity threshold");
  assert.equal(prober.requests.length, 2);
  assert.deepEqual(set.warnings, []);
});

test("a prober that returns nothing usable is asked a bounded number of times", async () => {
  const prober = mockModel("mock:p", () => "I'm sorry, I can't help with that.");
  const { complete } = createExecutor({ model: () => prober });
  const set = await generateProbes({ ...request, maxExtraRounds: 1 }, complete, overlapMetric);
  assert.equal(prober.requests.length, 2);
  assert.deepEqual(set.probes, []);
  assert.match(set.warnings[0], /0 usable probe/);
});

test("user probes are kept as written, with a warning for ones far from the question", async () => {
  const set = await userProbes(request.question, ["  When did the Eagles last win the Super Bowl? ", "What is the tallest mountain?", ""], overlapMetric);
  assert.deepEqual(
    set.probes.map((p) => p.text),
    ["When did the Eagles last win the Super Bowl?", "What is the tallest mountain?"],
  );
  assert.equal(set.warnings.length, 1);
  assert.match(set.warnings[0], /tallest mountain/);
});

test("with the real hybrid metric, a probe that only adds or moves function words is a copy", async () => {
  const { createMetric } = await import("../similarity/index.js");
  const { testCacheDir } = await import("../testing/paths.js");
  const hybrid = createMetric("hybrid", { cacheDir: testCacheDir() });
  const prober = mockModel(
    "mock:p",
    () => "1. Where did the fortune cookies originate?\n2. Where did fortune cookies originate from?\n3. What is the origin of fortune cookies?\n4. Where were fortune cookies first made?",
  );
  const { complete } = createExecutor({ model: () => prober });
  const set = await generateProbes({ ...request, question: "Where did fortune cookies originate?", count: 2, maxExtraRounds: 0 }, complete, hybrid);
  assert.deepEqual(
    set.probes.map((p) => p.text),
    ["What is the origin of fortune cookies?", "Where were fortune cookies first made?"],
  );
  assert.deepEqual(
    set.dropped.map((d) => d.reason.replace(/ \(.*/, "")),
    ["too close to the question: the same content words", "too close to the question: the same content words"],
  );
  assert.match(set.dropped[0]!.reason, /\(similarity 0\.\d\d\)$/, "the similarity is shown too, under the threshold: the rule, not the number, dropped it");
});

test("user probes that repeat the question or each other are left out: they would fake agreement", async () => {
  const set = await userProbes(request.question, [request.question.toUpperCase() + "?", "When did the Eagles last win the Super Bowl?", "when did the eagles last win the super bowl"], overlapMetric);
  assert.deepEqual(
    set.probes.map((p) => p.text),
    ["When did the Eagles last win the Super Bowl?"],
  );
  assert.deepEqual(
    set.dropped.map((d) => d.reason),
    ["the question itself", "given twice"],
  );
  assert.match(set.warnings.join(" "), /2 of your probes repeated/);
});

test("asking again lists the rejected candidates too, and stops when nothing new comes back", async () => {
  const prober = mockModel("mock:p", (_, call) => (call === 0 ? "1. What is the tallest mountain?\n2. In which year did the Eagles last win the Super Bowl?" : "1. What is the tallest mountain?"));
  const { complete } = createExecutor({ model: () => prober });
  const set = await generateProbes({ ...request, count: 3, maxExtraRounds: 5, minRelevance: 0.3 }, complete, overlapMetric);
  assert.equal(prober.requests.length, 2, "the third request would have been the second again");
  const second = prober.requests[1]!.messages.at(-1)!.content;
  assert.match(second, /What is the tallest mountain\?/, "the rejected probe is listed");
  assert.match(second, /In which year did the Eagles last win the Super Bowl\?/, "the accepted probe is listed");
  assert.equal(set.probes.length, 1);
  assert.equal(set.dropped.length, 1, "a repeated rejected candidate is not dropped twice");
});
