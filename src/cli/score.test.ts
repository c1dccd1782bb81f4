/** `auditllm score`: answers in, scores out, one line for each line, bad lines reported with their number. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { cliEnv, runCli } from "../testing/cli.js";
import { repoRoot } from "../testing/paths.js";

const lines = [
  JSON.stringify({
    id: "a",
    question: "Who wrote Hamlet?",
    probes: ["Hamlet was written by whom?", "What is the boiling point of water?"],
    responses: ["Shakespeare wrote Hamlet.", "Hamlet was written by William Shakespeare.", "Water boils at 100 degrees Celsius."],
  }),
  "{not json",
  JSON.stringify({ id: "c", question: "no responses here" }),
  "",
  JSON.stringify({ responses: ["Only one answer."] }),
  JSON.stringify({ id: 7, responses: ["Paris is the capital of France.", "The capital of France is Paris."] }),
  JSON.stringify({ id: "f", responses: ["ok", 42] }),
  JSON.stringify(["an", "array"]),
];

test("every line gets a line in the same order; bad lines get an error with their number and the run goes on", async () => {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-score-"));
  const input = join(dir, "in.jsonl");
  const output = join(dir, "out.jsonl");
  writeFileSync(input, `\uFEFF${lines.join("\r\n")}\n`);
  const { code, stderr } = await runCli(["score", input, "--out", output], { env: cliEnv() });
  assert.equal(code, 0, stderr);
  const out = readFileSync(output, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(out.length, lines.length);
  assert.deepEqual(
    out.map((o) => o.line),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );

  const [a, bad, noResponses, blank, one, paris, notString, array] = out;
  assert.equal(a.id, "a");
  assert.equal(a.metric, "hybrid");
  assert.equal(a.pairwise.length, 3);
  assert.equal(a.agreement.length, 3);
  assert.ok(a.pairwise[0][1] > a.pairwise[0][2], "the two Shakespeare answers agree more than either does with the water answer");
  assert.deepEqual(a.outliers, [2]);
  assert.ok(a.probeRelevance[0] > a.probeRelevance[1], "the off-topic probe is less relevant");
  assert.ok(a.consistency > 0 && a.consistency < 1);

  assert.match(bad.error, /^line 2: not valid JSON/);
  assert.equal(noResponses.id, "c");
  assert.match(noResponses.error, /^line 3: "responses" is missing/);
  assert.match(blank.error, /^line 4: empty line/);
  assert.deepEqual([one.id, one.consistency, one.agreement, one.pairwise], [null, null, [null], [[1]]]);
  assert.match(one.warnings[0], /at least two responses/);
  assert.deepEqual([one.distinctAnswers, one.semanticEntropy, one.clusters, one.contradictions], [1, 0, [[0]], []]);
  assert.deepEqual(one.sentences, [[{ text: "Only one answer.", support: 1 }]], "nothing disagrees with a lone answer");
  assert.equal(paris.id, 7);
  assert.ok(paris.consistency > 0.8, `two wordings of one fact agree (${paris.consistency})`);
  assert.match(notString.error, /^line 7: "responses"\[1\] is number, not a string/);
  assert.match(array.error, /^line 8: expected a JSON object/);
  for (const n of [2, 3, 4, 7, 8]) assert.match(stderr, new RegExp(`in\\.jsonl:${n}: `));
});

test("reads stdin with -, writes stdout; the shipped example scores offline", async () => {
  const { code, stdout } = await runCli(["score", "-", "--metric", "lexical"], { env: cliEnv(), input: `${lines[5]}\n` });
  assert.equal(code, 0);
  const [row] = stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(row.metric, "lexical");
  assert.equal(row.id, 7);

  const example = join(repoRoot(), "examples", "nq-open-30.jsonl");
  const run = await runCli(["score", example], { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  const scored = run.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const labels = readFileSync(example, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l).label);
  assert.equal(scored.length, 30);
  assert.ok(scored.every((s) => s.pairwise.length === 11 && s.consistency > 0 && s.consistency < 1));
  const mean = (label: string) => {
    const xs = scored.filter((_, i) => labels[i] === label).map((s) => s.consistency);
    return xs.reduce((x, y) => x + y, 0) / xs.length;
  };
  assert.ok(mean("correct") > mean("hallucinated"), "hallucinated answers are less consistent on average");
});

test("a file of nothing but bad lines exits 1", async () => {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-score-"));
  const input = join(dir, "bad.jsonl");
  writeFileSync(input, "nope\n{}\n");
  const { code, stdout } = await runCli(["score", input], { env: cliEnv() });
  assert.equal(code, 1);
  assert.equal(stdout.trim().split("\n").length, 2);
});

test("an embedding model can be the metric (embedding:<model-id>), and its failures are per line", async (t) => {
  const { startTestLlmServer } = await import("../testing/llm-server.js");
  let down = false;
  const server = await startTestLlmServer({ reply: () => (down ? { status: 500 } : "unused") });
  t.after(() => server.close());
  const args = ["score", "-", "--metric", "embedding:openai-compatible:embed", "--base-url", `${server.url}/v1`];
  const { code, stdout, stderr } = await runCli(args, { env: cliEnv(), input: `${lines[0]}\n${lines[5]}\n` });
  assert.equal(code, 0, stderr);
  const [a, paris] = stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(a.metric, "embedding:openai-compatible:embed");
  assert.ok(a.pairwise[0][1] > a.pairwise[0][2]);
  assert.ok(paris.consistency > 0.5);
  assert.ok(server.requests.every((r) => r.kind === "embeddings"));

  down = true;
  const failed = await runCli(args, { env: cliEnv(), input: `${lines[5]}\n` });
  assert.equal(failed.code, 1);
  assert.match(JSON.parse(failed.stdout).error, /^line 1: .*server error \(HTTP 500/);
});

test("output and input problems are clear errors; a reader that goes away is not an error", async () => {
  const example = join(repoRoot(), "examples", "nq-open-30.jsonl");
  const badOut = await runCli(["score", example, "--out", "/nonexistent-dir/out.jsonl"], { env: cliEnv() });
  assert.equal(badOut.code, 1);
  assert.match(badOut.stderr, /Cannot write \/nonexistent-dir\/out\.jsonl/);
  assert.doesNotMatch(badOut.stderr, /\n\s+at /);
  const dir = await runCli(["score", tmpdir()], { env: cliEnv() });
  assert.equal(dir.code, 1);
  assert.match(dir.stderr, /is a folder, not a file/);
  const closed = await runCli(["score", example], { env: cliEnv(), onSpawn: (child) => child.stdout!.once("data", () => child.stdout!.destroy()) });
  assert.equal(closed.code, 0, closed.stderr);
  assert.doesNotMatch(closed.stderr, /unexpected error/);
});

test("an embedding server that hangs hits the timeout, line by line", async (t) => {
  const { startTestLlmServer } = await import("../testing/llm-server.js");
  const server = await startTestLlmServer({ reply: () => ({ hang: true }) });
  t.after(() => server.close());
  const args = ["score", "-", "--metric", "embedding:openai-compatible:embed", "--base-url", `${server.url}/v1`, "--timeout", "1", "--retries", "0"];
  const { code, stdout } = await runCli(args, { env: cliEnv(), input: `${lines[5]}\n` });
  assert.equal(code, 1);
  assert.match(JSON.parse(stdout).error, /no answer within the time limit/);
});

test("contradictions, meaning clusters, sentence support, truthfulness and claims, each from the metric named on the line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-score-"));
  const input = join(dir, "in.jsonl");
  const msg = {
    id: "msg",
    question: "Is MSG harmful?",
    responses: ["Yes, MSG is harmful to your health.", "No, MSG is not harmful to your health.", "No. MSG is not harmful to health; studies found no effect."],
    reference: { correct: ["MSG is not harmful in normal amounts"], incorrect: ["MSG is harmful to your health"] },
    claims: ["MSG is not harmful.", "MSG was invented in 1850 by Napoleon."],
  };
  const bio = {
    id: "bio",
    responses: [
      "Ada Lovelace was an English mathematician. She was born in 1815 in London. She wrote the first published algorithm.",
      "Ada Lovelace, born in 1815, was an English mathematician who wrote the first published algorithm.",
      "Ada Lovelace was an English mathematician born in 1815. She died in Paris in 1900.",
    ],
  };
  const badReference = { id: "r", responses: ["a", "b"], reference: { correct: "not a list" } };
  const emptyReference = { id: "e", responses: ["a", "b"], reference: {} };
  writeFileSync(input, [msg, bio, badReference, emptyReference].map((l) => JSON.stringify(l)).join("\n"));
  const { code, stdout, stderr } = await runCli(["score", input, "--metric", "hybrid"], { env: cliEnv() });
  assert.equal(code, 0, stderr);
  const [m, b, bad, empty] = stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

  assert.equal(m.metric, "hybrid");
  assert.deepEqual(
    m.contradictions.map((c: { a: number; b: number; kind: string }) => [c.a, c.b, c.kind]),
    [
      [0, 1, "polarity"],
      [0, 2, "polarity"],
    ],
  );
  assert.deepEqual(m.clusters, [[0], [1, 2]], "yes and no never share a cluster, however alike they read");
  assert.equal(m.distinctAnswers, 2);
  assert.ok(Math.abs(m.semanticEntropy - 0.6365) < 1e-3, `entropy of a 1:2 split is 0.6365 nats (${m.semanticEntropy})`);
  assert.ok(m.truthfulnessPerResponse[0] < 0.5 && m.truthfulnessPerResponse[1] > 0.5, `"yes" is nearer the incorrect reference (${m.truthfulnessPerResponse})`);
  assert.ok(m.truthfulness > 0 && m.truthfulness < 1);
  assert.equal(m.claims.length, 2);
  assert.ok(m.claims[0].support > m.claims[1].support + 0.3, `the answers back "not harmful", not Napoleon (${JSON.stringify(m.claims)})`);

  assert.deepEqual(b.contradictions, []);
  assert.equal(b.distinctAnswers, 1);
  assert.equal(b.semanticEntropy, 0);
  assert.deepEqual(
    b.sentences.map((s: unknown[]) => s.length),
    [3, 1, 2],
  );
  const died = b.sentences[2][1];
  assert.match(died.text, /died in Paris/);
  assert.ok(died.support < 0.2 && b.sentences[2][0].support > 0.9, `the sentence no other answer says is unsupported (${JSON.stringify(b.sentences)})`);
  assert.equal(b.truthfulness, undefined);

  assert.match(bad.error, /^line 3: "reference.correct" must be an array of strings/);
  assert.match(empty.error, /^line 4: "reference" has no answers/);
});

test("--metric transformer:<folder> and bertscore:<folder> run a local ONNX model offline; a missing one is a clear error", async (t) => {
  const { writeTinyTransformer } = await import("../testing/tiny-transformer.js");
  const dir = mkdtempSync(join(tmpdir(), "auditllm-score-tf-"));
  const tiny = await writeTinyTransformer(join(dir, "tiny"));
  const line = JSON.stringify({
    id: "tf",
    responses: ["paris is the capital of france.", "the capital of france is paris.", "the dog sleeps."],
    claims: ["paris is the capital of france.", "the cat runs."],
  });
  const f1: Record<string, number> = {};
  for (const kind of ["transformer", "bertscore", "bertscore-idf"]) {
    const { code, stdout, stderr } = await runCli(["score", "-", "--metric", `${kind}:${tiny.dir}`], { env: cliEnv(), input: `${line}\n` });
    assert.equal(code, 0, stderr);
    const [row] = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(row.metric, `${kind}:${tiny.dir}`);
    assert.ok(row.pairwise[0][1] > 0.9 && row.pairwise[0][2] < row.pairwise[0][1], `${kind}: same words agree, others less (${JSON.stringify(row.pairwise)})`);
    assert.deepEqual(row.outliers, [2]);
    assert.ok(row.claims[0].support > row.claims[1].support, `${kind}: the stated claim is better supported`);
    f1[kind] = row.pairwise[0][2];
  }
  assert.notEqual(f1["bertscore-idf"], f1.bertscore, "idf weighting changes the scores");
  const missing = await runCli(["score", "-", "--metric", `transformer:${join(dir, "nowhere")}`], { env: cliEnv(), input: `${line}\n` });
  t.diagnostic(missing.stderr);
  assert.notEqual(missing.code, 0);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nowhere does not exist/);
  assert.doesNotMatch(missing.stderr, /unexpected/);
});

test("--judge: pairs, truthfulness against references and given claims are judged by the model; probes are still checked offline", async (t) => {
  const { startTestLlmServer } = await import("../testing/llm-server.js");
  const negated = (text: string) => /\bnot\b/.test(text);
  const between = (prompt: string, tag: string) => new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(prompt)?.[1] ?? "";
  const server = await startTestLlmServer({
    reply: (r) => {
      if (r.prompt.includes("<sentence>")) return negated(between(r.prompt, "sentence")) === negated(between(r.prompt, "passage")) ? "Yes" : "No";
      return negated(between(r.prompt, "answer_a")) === negated(between(r.prompt, "answer_b")) ? "AGREE" : "CONTRADICT";
    },
  });
  t.after(() => server.close());
  const line = {
    id: "msg",
    question: "Is MSG harmful?",
    probes: ["Does MSG harm people?"],
    responses: ["MSG is harmful.", "MSG is not harmful.", "No, MSG is not harmful at all."],
    reference: { correct: ["MSG is not harmful in normal amounts"], incorrect: ["MSG is harmful"] },
    claims: ["MSG is not harmful."],
  };
  const { code, stdout, stderr } = await runCli(["score", "-", "--judge", "openai-compatible:judge", "--base-url", `${server.url}/v1`], { env: cliEnv(), input: `${JSON.stringify(line)}\n` });
  assert.equal(code, 0, stderr);
  const [row] = stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(row.metric, "judge:openai-compatible:judge");
  assert.deepEqual(row.pairwise, [
    [1, 0, 0],
    [0, 1, 1],
    [0, 1, 1],
  ]);
  assert.deepEqual(
    row.contradictions.map((c: { a: number; b: number; kind: string }) => [c.a, c.b, c.kind]),
    [
      [0, 1, "judge"],
      [0, 2, "judge"],
    ],
  );
  assert.deepEqual(row.clusters, [[0], [1, 2]]);
  assert.deepEqual(row.truthfulnessPerResponse, [0, 1, 1], "the judge says which reference each response agrees with");
  assert.deepEqual(row.claims, [{ text: "MSG is not harmful.", support: 0.6667 }], "two of three responses back the claim");
  assert.ok(row.probeRelevance[0] > 0.35, "probe relevance comes from the offline metric, not the judge");
  const judged = server.requests.filter((r) => r.model === "judge");
  assert.ok(judged.every((r) => r.temperature === 0));
  assert.ok(judged.length <= 3 + 6 + 3, `pairs (3), answers × references (6) and claim × responses (3) at most (${judged.length})`);
});

test("--judge whose verdicts cannot be read: stderr says how many; exit 1 when none could be read", async (t) => {
  const { startTestLlmServer } = await import("../testing/llm-server.js");
  // "Hamlet" pairs get a readable verdict; everything else a reply no parser can read.
  const server = await startTestLlmServer({ reply: (r) => (r.prompt.includes("Hamlet") ? "AGREE" : "I would rather talk about the weather.") });
  t.after(() => server.close());
  const lines = (...texts: string[][]) => texts.map((responses, i) => JSON.stringify({ id: `q${i}`, responses })).join("\n") + "\n";
  const args = ["score", "-", "--judge", "openai-compatible:judge", "--base-url", `${server.url}/v1`];
  const none = await runCli(args, { env: cliEnv(), input: lines(["MSG is harmful.", "MSG is fine."], ["Paris.", "Lyon."]) });
  assert.equal(none.code, 1, none.stderr);
  assert.match(none.stderr, /none of the 2 verdict\(s\) of openai-compatible:judge could be read, even when asked again: every score above is a neutral 0\.5/);
  assert.deepEqual(
    none.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).consistency),
    [0.5, 0.5],
    "the output is still written, one line a line",
  );

  const some = await runCli(args, { env: cliEnv(), input: lines(["Shakespeare wrote Hamlet.", "Hamlet is by Shakespeare."], ["Paris.", "Lyon."]) });
  assert.equal(some.code, 0, some.stderr);
  assert.match(some.stderr, /1 of 2 verdict\(s\) of openai-compatible:judge could not be read, even when asked again; they count as neutral \(0\.5\)/);
});

test("a transformer metric by hub id: without --yes the message points to --yes and the cache folder; offline with --yes it names the host", async () => {
  const { closedPort } = await import("../testing/net.js");
  const env = cliEnv();
  const input = `${JSON.stringify({ responses: ["Paris.", "It is Paris."] })}\n`;
  const off = await runCli(["score", "-", "--metric", "transformer:Xenova/all-MiniLM-L6-v2"], { env, input });
  assert.equal(off.code, 1);
  assert.match(off.stderr, /transformer model Xenova\/all-MiniLM-L6-v2 is not in \S+\/models\/Xenova\/all-MiniLM-L6-v2 .*Add --yes to download it once/);
  assert.doesNotMatch(off.stderr, /allowRemote/);
  const port = await closedPort();
  const offline = await runCli(["score", "-", "--metric", "transformer:Xenova/all-MiniLM-L6-v2", "--yes"], { env: { ...env, HF_ENDPOINT: `http://127.0.0.1:${port}` }, input });
  assert.equal(offline.code, 1);
  assert.match(offline.stderr, new RegExp(`could not reach 127\\.0\\.0\\.1:${port} to download transformer model Xenova/all-MiniLM-L6-v2 \\(fetch failed: ECONNREFUSED`));
});
