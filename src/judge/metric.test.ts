/**
 * The judge metric through the real client stack: executor → openai-compatible AI SDK client → the scripted
 * test server, whose script reads the two answers out of each request and replies with a verdict.
 */
import assert from "node:assert/strict";
import test, { type TestContext } from "node:test";
import { createExecutor } from "../calls/executor.js";
import type { ProviderError } from "../providers/errors.js";
import { createLanguageModel } from "../providers/registry.js";
import { startTestLlmServer, type ScriptedReply, type ScriptedRequest } from "../testing/llm-server.js";
import { agreement } from "../core/agreement.js";
import { analyseMeaning } from "../core/meaning.js";
import { createJudgeMetric, DEFAULT_JUDGE_MAX_TOKENS, type JudgeOptions } from "./metric.js";

const JUDGE = "openai-compatible:judge";
const QUESTION = "Is the Earth round?";
const STRICT = "exactly one of these three words";

/** The two answers of a pair request, and whether it is the strict re-ask. */
function pairOf(request: ScriptedRequest) {
  const a = /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(request.prompt)?.[1] ?? "";
  const b = /<answer_b>\n([\s\S]*?)\n<\/answer_b>/.exec(request.prompt)?.[1] ?? "";
  return { a, b, strict: request.prompt.includes(STRICT) };
}

const yes = (t: string) => /\byes\b/i.test(t);
const no = (t: string) => /\bno\b/i.test(t);

/** Both answers say yes: agree; one yes and one no: contradict; otherwise neutral — each in another reply style. */
function verdictScript(request: ScriptedRequest): ScriptedReply {
  const { a, b, strict } = pairOf(request);
  if (a.includes("garbled") || b.includes("garbled")) return strict ? "**Verdict:** Agree" : "Let me think about these two answers carefully.";
  if (a.includes("hopeless") || b.includes("hopeless")) return "I am not sure what you mean.";
  if (yes(a) && yes(b)) return "AGREE";
  if ((yes(a) && no(b)) || (no(a) && yes(b))) return "They contradict each other: one says yes, the other no.";
  return '{"verdict": "neutral"}';
}

async function setup(t: TestContext, reply: (r: ScriptedRequest) => ScriptedReply | Promise<ScriptedReply>, options: Partial<JudgeOptions> = {}) {
  const server = await startTestLlmServer({ reply });
  t.after(() => server.close());
  const model = createLanguageModel(JUDGE, { env: {}, baseUrl: server.openaiBaseUrl, cacheDir: "/nonexistent-cache" });
  const retried: ProviderError[] = [];
  const executor = createExecutor({
    model: () => model,
    concurrency: 4,
    timeoutMs: 10_000,
    retry: { maxRetries: 2, maxRateLimitRetries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    onRetry: (event) => void retried.push(event.error),
  });
  const metric = createJudgeMetric({ complete: executor.complete, model: JUDGE, ...options });
  return { server, executor, metric, retried };
}

const close = (actual: number[][], expected: number[][]) =>
  assert.deepEqual(
    actual.map((row) => row.map((x) => Math.round(x * 1000) / 1000)),
    expected,
  );

test("one call per unordered pair, at temperature 0, concurrently, with the question; agree 1, neutral 0.5, contradict 0", async (t) => {
  let peak = 0;
  const { server, metric } = await setup(t, (r) => {
    peak = Math.max(peak, r.inFlight);
    return { text: verdictScript(r) as string, delayMs: 30 };
  });
  const texts = ["Yes, it is.", "Yes — definitely, it is an oblate spheroid.", "No, it is flat.", "I cannot say."];
  const scores = await metric.pairwise(texts, { question: QUESTION });
  assert.equal(metric.name, "judge:openai-compatible:judge");
  close(scores, [
    [1, 1, 0, 0.5],
    [1, 1, 0, 0.5],
    [0, 0, 1, 0.5],
    [0.5, 0.5, 0.5, 1],
  ]);
  assert.equal(server.countChat(), (4 * 3) / 2);
  for (const request of server.requests) {
    assert.equal(request.model, "judge");
    assert.equal(request.temperature, 0);
    assert.equal(request.maxTokens, DEFAULT_JUDGE_MAX_TOKENS);
    assert.equal(request.messages[0]!.role, "system");
    assert.ok(request.prompt.includes(`<question>\n${QUESTION}\n</question>`));
    assert.ok(request.prompt.endsWith("Reply with one word: AGREE, CONTRADICT or NEUTRAL."));
  }
  assert.ok(peak > 1 && peak <= 4, `calls overlap within the executor's bound (peak ${peak})`);

  // The verdicts of the same texts are remembered: no new calls.
  const judged = await metric.verdicts(texts, { question: QUESTION });
  assert.equal(server.countChat(), 6);
  assert.deepEqual(judged.verdicts, [
    ["agree", "agree", "contradict", "neutral"],
    ["agree", "agree", "contradict", "neutral"],
    ["contradict", "contradict", "agree", "neutral"],
    ["neutral", "neutral", "neutral", "agree"],
  ]);
  assert.deepEqual(judged.warnings, []);
  const meaning = await analyseMeaning(texts, await agreement(texts, metric, { question: QUESTION }), metric, 0.6, { question: QUESTION });
  assert.deepEqual(meaning.clusters, [[0, 1], [2], [3]], "the scoring's clusters follow the judge's verdicts");
  assert.deepEqual(
    meaning.contradictions.map((c) => [c.a, c.b, c.kind]),
    [
      [0, 2, "judge"],
      [1, 2, "judge"],
    ],
  );
  const conflicts = await metric.contradictions(texts, { question: QUESTION });
  assert.deepEqual(conflicts[0]![2], { kind: "judge" });
  assert.deepEqual(conflicts[2]![1], { kind: "judge" });
  assert.equal(conflicts[0]![1], undefined);
  assert.equal(conflicts[2]![2], undefined);
  assert.equal(server.countChat(), 6);
  assert.deepEqual(metric.takeWarnings(), []);

  // Another question is another prompt.
  await metric.pairwise(texts.slice(0, 2), { question: "Is the Moon round?" });
  assert.equal(server.countChat(), 7);
});

test("identical texts agree without a call; the same pair is asked once, whichever way round it comes", async (t) => {
  const { server, metric } = await setup(t, verdictScript);
  close(await metric.pairwise(["Yes.", "Yes.", " Yes. "]), [
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
  ]);
  assert.equal(server.countChat(), 0);
  close(await metric.pairwise(["Yes.", "Yes.", "No.", "Yes."]), [
    [1, 1, 0, 1],
    [1, 1, 0, 1],
    [0, 0, 1, 0],
    [1, 1, 0, 1],
  ]);
  // ("Yes.", "No.") for pairs 0–2 and 1–2, ("No.", "Yes.") for 2–3: one pair of texts, one call.
  assert.equal(server.countChat(), 1);
  assert.ok(
    server.requests.every((r) => r.prompt.startsWith("The question is not given")),
    "without a question the prompt says so",
  );
  assert.deepEqual(await metric.pairwise([]), []);
  assert.deepEqual(await metric.pairwise(["alone"]), [[1]]);
  assert.equal(server.countChat(), 1);
});

test("an unreadable verdict is asked again once, more strictly; still unreadable, it is neutral with a warning", async (t) => {
  const { server, metric } = await setup(t, verdictScript);
  close(await metric.pairwise(["garbled yes", "yes too"], { question: QUESTION }), [
    [1, 1],
    [1, 1],
  ]);
  assert.equal(server.countChat(), 2);
  const [first, second] = server.requests;
  assert.ok(!first!.prompt.includes(STRICT));
  assert.ok(second!.prompt.includes(STRICT), "the re-ask is another prompt, hence another call");
  assert.deepEqual(metric.takeWarnings(), []);

  const judged = await metric.verdicts(["hopeless yes", "no"], { question: QUESTION });
  assert.equal(server.countChat(), 4);
  close(judged.scores, [
    [1, 0.5],
    [0.5, 1],
  ]);
  assert.equal(judged.verdicts[0]![1], "neutral");
  assert.equal(judged.warnings.length, 1);
  assert.match(
    judged.warnings[0]!,
    /judge:openai-compatible:judge gave no readable verdict for texts 0 and 1, even when asked again \(it replied "I am not sure what you mean\."\); counted as neutral\./,
  );
  assert.deepEqual(metric.takeWarnings(), judged.warnings);
  assert.deepEqual(metric.takeWarnings(), [], "taken warnings are cleared");
});

test("a server error is retried by the executor; a permanent one fails the metric and is not remembered", async (t) => {
  let failures = 1;
  let refuse = true;
  const { server, executor, metric, retried } = await setup(t, (r) => {
    const { a, b } = pairOf(r);
    if ((a + b).includes("flaky") && failures-- > 0) return { status: 500 };
    if ((a + b).includes("refused") && refuse) return { status: 400 };
    return verdictScript(r);
  });
  close(await metric.cross(["flaky yes"], ["yes"]), [[1]]);
  assert.equal(server.countChat(), 2);
  assert.deepEqual(
    retried.map((e) => e.kind),
    ["server"],
  );
  assert.equal(executor.stats().sent, 2);

  await assert.rejects(metric.pairwise(["refused yes", "no"]), (e: ProviderError) => e.kind === "bad-request");
  refuse = false;
  close(await metric.pairwise(["refused yes", "no"]), [
    [1, 0],
    [0, 1],
  ]);
  assert.equal(server.countChat(), 4);
});

test("cross judges every (a[i], b[j]); identical texts score 1 without a call", async (t) => {
  const { server, metric } = await setup(t, verdictScript);
  const judged = await metric.crossVerdicts(["yes a"], ["yes b", "no c", "yes a"], { question: QUESTION });
  close(judged.scores, [[1, 0, 1]]);
  assert.deepEqual(judged.verdicts, [["agree", "contradict", "agree"]]);
  assert.equal(server.countChat(), 2);
  assert.ok(server.requests.every((r) => [pairOf(r).a, pairOf(r).b].includes("yes a")));
  assert.deepEqual(await metric.cross([], ["x"]), []);
  assert.deepEqual(await metric.cross(["x", "y"], []), [[], []]);
});

test("bothOrders asks each pair both ways and averages; the verdict is neutral when the orders differ", async (t) => {
  // A judge with a position bias: it agrees with whatever follows a hedged first answer.
  const { server, metric } = await setup(t, (r) => (pairOf(r).a.startsWith("maybe") ? "AGREE" : verdictScript(r)), { bothOrders: true });
  const judged = await metric.verdicts(["maybe yes", "no", "no, never"], { question: QUESTION });
  assert.equal(server.countChat(), 6);
  close(judged.scores, [
    [1, 0.5, 0.5],
    [0.5, 1, 0.5],
    [0.5, 0.5, 1],
  ]);
  assert.deepEqual(judged.verdicts[0], ["agree", "neutral", "neutral"]);
  assert.equal(judged.verdicts[1]![2], "neutral", "both orders said neutral");
  const texts3 = ["maybe yes", "no", "no, never"];
  assert.deepEqual((await analyseMeaning(texts3, await agreement(texts3, metric), metric, 0.6)).clusters, [[0], [1], [2]]);
});

test('json asks for {"verdict": …} and reads it from a fenced reply', async (t) => {
  const { server, metric } = await setup(t, () => '```json\n{"verdict": "CONTRADICT", "reason": "yes against no"}\n```', { json: true, maxTokens: 100 });
  close(await metric.pairwise(["yes", "no"]), [
    [1, 0],
    [0, 1],
  ]);
  assert.ok(server.requests[0]!.prompt.includes('{"verdict": "AGREE"}'));
  assert.equal(server.requests[0]!.maxTokens, 100);
});

test("sentence support, SelfCheckGPT-style: 1 supported, 0 not, 0.5 unclear; averaged over passages", async (t) => {
  const { server, metric } = await setup(t, (r) => {
    const sentence = /<sentence>\n([\s\S]*?)\n<\/sentence>/.exec(r.prompt)?.[1] ?? "";
    const passage = /<passage>\n([\s\S]*?)\n<\/passage>/.exec(r.prompt)?.[1] ?? "";
    if (sentence.includes("garbled")) return r.prompt.includes("Reply with exactly one word, Yes or No") ? "No." : "Hmm.";
    if (sentence.includes("hopeless")) return "Hmm.";
    if (sentence.includes("partly")) return "Partially.";
    return passage.includes(sentence.split(" ")[0]!) ? "Yes." : "No, the context does not say that.";
  });
  const passages = ["The capital of France is Paris.", "Paris, of course, on the Seine."];
  const scores = await metric.support(["Paris is the capital.", "Lyon is the capital.", "partly right", "Seine is a river."], passages, { question: "What is the capital of France?" });
  assert.deepEqual(scores, [1, 0, 0.5, 0.5]);
  assert.equal(server.countChat(), 8);
  const prompt = server.requests[0]!.prompt;
  assert.ok(prompt.includes("Is the sentence supported by the context above?"));
  assert.ok(prompt.includes("What is the capital of France?"));
  assert.ok(prompt.endsWith("Answer Yes or No.\nAnswer:"));

  assert.equal(await metric.supportScore("garbled claim", passages[0]!), 0);
  assert.equal(server.countChat(), 10);
  const hopeless = await metric.supportVerdict("hopeless claim", passages[0]!);
  assert.deepEqual([hopeless.verdict, hopeless.score], ["unclear", 0.5]);
  assert.match(hopeless.warning ?? "", /gave no readable support verdict for "hopeless claim"/);
  assert.deepEqual(metric.takeWarnings(), [hopeless.warning]);
  assert.equal(await metric.supportScore("Paris is the capital.", passages[0]!, { question: "What is the capital of France?" }), 1, "remembered");
  assert.equal(server.countChat(), 12);
  assert.deepEqual(await metric.support(["anything"], []), [1]);
});

test("a reply that is all thinking (cut off by the token limit) is no verdict: neutral with a warning, not a failed matrix", async (t) => {
  const { server, metric } = await setup(t, (r) =>
    pairOf(r).a.includes("deep") || pairOf(r).b.includes("deep") ? { text: "<think>Let me weigh both answers very carefully", finishReason: "length" } : verdictScript(r),
  );
  const scores = await metric.pairwise(["deep yes", "yes"], { question: QUESTION });
  close(scores, [
    [1, 0.5],
    [0.5, 1],
  ]);
  assert.ok(server.countChat() >= 2, "asked again, strictly");
  assert.match(metric.takeWarnings()[0] ?? "", /no readable verdict/);
});
