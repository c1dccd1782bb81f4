import assert from "node:assert/strict";
import test from "node:test";
import { createExecutor } from "../calls/executor.js";
import { ProviderError } from "../providers/errors.js";
import { lastUser, mockModel, type MockModel } from "../testing/mock-model.js";
import { overlapMetric } from "../testing/overlap-metric.js";
import { type AuditError, runAudit } from "./audit.js";
import type { AuditConfig } from "./types.js";

const QUESTION = "Where did fortune cookies originate?";
const config = (extra: Partial<AuditConfig> = {}): AuditConfig => ({
  target: "mock:target",
  prober: "mock:prober",
  probeCount: 3,
  samples: 1,
  temperature: 0.5,
  proberTemperature: 0,
  maxTokens: 100,
  diversity: "medium",
  ...extra,
});

function setup(prober: MockModel, target: MockModel) {
  const executor = createExecutor({ model: (spec) => (spec.role === "probe" ? prober : target), sleep: async () => {} });
  return { complete: executor.complete, metric: overlapMetric };
}

const answers: Record<string, string> = {
  [QUESTION]: "Fortune cookies originated in Japan and became popular in California.",
  "Where did fortune cookies first originate?": "Fortune cookies originated in Japan, and became popular in California.",
  "Which place did fortune cookies originate in?": "Fortune cookies originated in Japan and later became popular in California.",
  "Where exactly did fortune cookies originate?": "Fortune cookies originated in China, an ancient tradition.",
};
const target = () => mockModel("mock:target", (r) => answers[lastUser(r)] ?? "I do not know.");

test("probes are written, validated, asked for again when short, answered and scored", async () => {
  const prober = mockModel("mock:prober", (r, call) =>
    call === 0
      ? // An echo of the question and a repeat (the parser drops both), one off-topic, one good: the prober is asked again for two more.
        "Sure! Here are 3 rewrites:\n1. Where did fortune cookies originate?\n2. What is the capital of France?\n3. Where did fortune cookies first originate?\n4. Where did fortune cookies first originate?"
      : "1. Which place did fortune cookies originate in?\n2. Where exactly did fortune cookies originate?",
  );
  const model = target();
  const result = await runAudit({ question: QUESTION, config: config() }, setup(prober, model));

  assert.equal(prober.requests.length, 2, "asked again once for the missing probes");
  assert.ok(
    prober.requests.every((r) => r.temperature === 0),
    "the prober runs at temperature 0",
  );
  assert.match(lastUser(prober.requests[1]), /Where did fortune cookies first originate\?/, "the second request lists the accepted probe");
  assert.deepEqual(
    result.probes.map((p) => p.text),
    ["Where did fortune cookies first originate?", "Which place did fortune cookies originate in?", "Where exactly did fortune cookies originate?"],
  );
  assert.deepEqual(
    result.droppedProbes.map((d) => [d.text, d.reason.split(" (")[0]]),
    [["What is the capital of France?", "too far from the question"]],
  );
  assert.ok(result.probes.every((p) => p.relevance > 0.45 && p.source === "generated"));

  assert.deepEqual(
    result.answers.map((a) => a.promptIndex),
    [0, 1, 2, 3],
  );
  assert.ok(model.requests.every((r) => r.temperature === 0.5));
  assert.equal(result.scores.pairwise.length, 4);
  const china = 3;
  assert.deepEqual(result.scores.outliers, [china], "the answer that says China disagrees with the rest");
  assert.ok(result.answers[china].agreement! < result.answers[0].agreement!);
  assert.ok(result.scores.dissimilarPairs.every((p) => p.a === china || p.b === china));
  assert.equal(result.scores.metric, "test-overlap");
  assert.ok(result.scores.consistency! > 0 && result.scores.consistency! < 1);
  assert.deepEqual(result.warnings, []);
});

test("user probes skip the prober; samples split noise from paraphrase sensitivity", async () => {
  const prober = mockModel("mock:prober", () => assert.fail("the prober must not be called"));
  const model = mockModel("mock:target", (r, call) => `${answers[lastUser(r)]}${call % 2 ? " Indeed." : ""}`);
  const probes = ["Where did fortune cookies first originate?", "Where exactly did fortune cookies originate?"];
  const result = await runAudit({ question: QUESTION, config: config({ samples: 2 }), probes }, setup(prober, model));
  assert.deepEqual(
    result.probes.map((p) => [p.text, p.source]),
    probes.map((p) => [p, "user"]),
  );
  assert.equal(result.answers.length, 6);
  assert.deepEqual(
    result.answers.map((a) => [a.promptIndex, a.sampleIndex]),
    [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ],
  );
  assert.equal(model.requests.length, 6, "each sample is a real call");
  assert.ok(result.scores.withinPrompt! > result.scores.acrossPrompts!, "same-prompt samples agree more than answers to different prompts");
});

test("failed answers are kept as data and left out of the scores; none at all is an error", async () => {
  const prober = mockModel("mock:prober", () => "1. Where did fortune cookies first originate?\n2. Which place did fortune cookies originate in?");
  const flaky = mockModel("mock:target", (r) => (lastUser(r).includes("first") ? new ProviderError({ kind: "bad-request", message: "content filtered" }) : answers[lastUser(r)]));
  const result = await runAudit({ question: QUESTION, config: config({ probeCount: 2 }) }, setup(prober, flaky));
  assert.equal(result.answers[1].error?.kind, "bad-request");
  assert.equal(result.answers[1].agreement, undefined);
  assert.deepEqual(result.scores.scored, [0, 2]);
  assert.equal(result.scores.pairwise.length, 2);
  assert.match(result.warnings.join(" "), /1 of 3 answers failed/);

  const dead = mockModel("mock:target", () => new ProviderError({ kind: "unreachable", message: "Could not reach http://127.0.0.1:9" }));
  await assert.rejects(runAudit({ question: QUESTION, config: config({ probeCount: 2 }) }, setup(prober, dead)), (e: AuditError) => /No answer came back.*Could not reach/.test(e.message));
});

test("a prober that cannot be reached fails the audit with a message that says so", async () => {
  const prober = mockModel("mock:prober", () => new ProviderError({ kind: "model-not-found", message: "mock:prober: model not found" }));
  await assert.rejects(runAudit({ question: QUESTION, config: config() }, setup(prober, target())), (e: AuditError) => /prober could not write probes.*model not found/.test(e.message));
  await assert.rejects(runAudit({ question: "  ", config: config() }, setup(prober, target())), /empty/);
});

test("a prober that gives too few usable probes leaves a warning, and the audit goes on", async () => {
  const prober = mockModel("mock:prober", () => "1. Where did fortune cookies first originate?");
  const result = await runAudit({ question: QUESTION, config: config({ probeCount: 3 }) }, setup(prober, target()));
  assert.equal(prober.requests.length, 2, "asked again once; the same request a third time would bring nothing new at temperature 0");
  assert.equal(result.probes.length, 1);
  assert.match(result.warnings[0], /1 usable probe\(s\) of 3/);
});

test("a failing metric (an embedding server) is not blamed on the prober", async () => {
  const prober = mockModel("mock:prober", () => "1. Where did fortune cookies first originate?");
  const broken = { ...overlapMetric, cross: async () => Promise.reject(new ProviderError({ kind: "unreachable", message: "Could not reach the embedding server" })) };
  const executor = createExecutor({ model: (spec) => (spec.role === "probe" ? prober : target()) });
  await assert.rejects(
    runAudit({ question: QUESTION, config: config() }, { complete: executor.complete, metric: broken }),
    (e: Error) => e instanceof ProviderError && /embedding server/.test(e.message),
  );
});
