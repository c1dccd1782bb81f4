/** `auditllm ask` end to end: the built CLI, a local OpenAI-compatible server, a real SQLite store. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import Database from "better-sqlite3";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer, type ScriptedRequest } from "../testing/llm-server.js";

const QUESTION = "Where did fortune cookies originate?";
const PROBES = [
  "What is the origin of fortune cookies?",
  "Where do fortune cookies come from?",
  "In which country were fortune cookies first made?",
  "Where were fortune cookies invented?",
  "What place did fortune cookies originate in?",
];
const SECRET = "sk-never-store-this-7f3a";

const isProber = (r: ScriptedRequest) => r.prompt.includes("Original question:");

function answer(r: ScriptedRequest): string {
  if (isProber(r)) return `Here are five rewrites:\n${PROBES.map((p, i) => `${i + 1}. ${p}`).join("\n")}`;
  if (r.prompt.includes("invented")) return "Fortune cookies were invented in China during the Ming dynasty, as a way to pass secret messages.";
  return "Fortune cookies originated in California, probably in San Francisco, based on a Japanese cracker recipe.";
}

test("ask --json prints the audit, stores the run and its calls, and never stores the key", async (t) => {
  const server = await startTestLlmServer({ reply: answer, apiKey: SECRET });
  t.after(() => server.close());
  const env = cliEnv({ OPENAI_COMPATIBLE_API_KEY: SECRET });
  const args = ["ask", QUESTION, "--target", "openai-compatible:m", "--prober", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--json"];
  const { code, stdout, stderr } = await runCli(args, { env });
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.question, QUESTION);
  assert.deepEqual(
    out.probes.map((p: { text: string }) => p.text),
    PROBES,
  );
  assert.equal(out.answers.length, 6);
  assert.deepEqual(
    out.answers.map((a: { prompt: string }) => a.prompt),
    [QUESTION, ...PROBES],
  );
  for (const a of out.answers) {
    assert.equal(typeof a.text, "string");
    assert.ok(a.agreement >= 0 && a.agreement <= 1);
  }
  assert.equal(out.pairwise.length, 6);
  assert.ok(out.pairwise.every((row: number[], i: number) => row.length === 6 && row[i] === 1));
  assert.ok(out.consistency > 0 && out.consistency < 1);
  assert.equal(out.metric, "hybrid");
  const invented = 4;
  assert.deepEqual(out.outliers, [invented], "the one answer that says China is the outlier");
  assert.ok(out.dissimilarPairs.every((p: { a: number; b: number }) => p.a === invented || p.b === invented));

  // Prober at temperature 0, target at 0.5 by default: 1 probe call + 6 answers, each made once.
  assert.deepEqual(
    server.requests.map((r) => [isProber(r), r.temperature]),
    [[true, 0], ...Array(6).fill([false, 0.5])],
  );

  const runs = await runCli(["runs", "--json"], { env });
  const listed = JSON.parse(runs.stdout);
  assert.equal(listed.length, 1);
  assert.equal(listed[0].id, out.runId);
  assert.equal(listed[0].kind, "ask");
  assert.equal(listed[0].status, "done");
  assert.ok(!Number.isNaN(Date.parse(listed[0].createdAt)));

  const dbPath = join(env.AUDITLLM_HOME, "auditllm.db");
  const db = new Database(dbPath, { readonly: true });
  const calls = db.prepare("SELECT role, status, attempts, response FROM calls WHERE run_id = ?").all(out.runId) as { role: string; status: string; attempts: number }[];
  assert.equal(calls.length, 7);
  assert.ok(calls.every((c) => c.status === "done" && c.attempts === 1));
  assert.equal(calls.filter((c) => c.role === "probe").length, 1);
  db.close();
  for (const file of ["auditllm.db", "auditllm.db-wal"]) {
    let bytes = "";
    try {
      bytes = readFileSync(join(env.AUDITLLM_HOME, file), "latin1");
    } catch {
      continue;
    }
    assert.ok(!bytes.includes(SECRET), `the API key is not in ${file}`);
  }
  assert.ok(!stdout.includes(SECRET) && !stderr.includes(SECRET));

  const shown = await runCli(["show", out.runId, "--json"], { env });
  assert.deepEqual(JSON.parse(shown.stdout), out);
});

test("the terminal report shows probes, answers, score, outliers and matrix, and strips control sequences from LLM text", async (t) => {
  const server = await startTestLlmServer({ reply: (r) => (isProber(r) ? answer(r) : `\x1b[2J\x1b]0;pwned\x07${answer(r)}\x1b[31m`) });
  t.after(() => server.close());
  const env = cliEnv();
  const { code, stdout, stderr } = await runCli(["ask", QUESTION, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`], { env });
  assert.equal(code, 0, stderr);
  for (const part of ["Question: Where did fortune cookies originate?", "Probes (5)", "Answers (6)", "Consistency", "Outliers P4", "Similarity matrix", "Saved as run"]) {
    assert.ok(stdout.includes(part), `report has "${part}":\n${stdout}`);
  }
  assert.ok(!/\x1b|\x07/.test(stdout), "no escape or bell characters reach the terminal");
  assert.ok(!stdout.includes("pwned"));
  assert.match(stdout, /0\.\d\d ✗/, "scores under the threshold are marked, not only coloured");
});

test("several samples per prompt report sampling noise apart from paraphrase sensitivity", async (t) => {
  let n = 0;
  const server = await startTestLlmServer({ reply: (r) => (isProber(r) ? answer(r) : `${answer(r)} Answer number ${n++}.`) });
  t.after(() => server.close());
  const args = ["ask", QUESTION, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--samples", "2", "--probes", "2", "--json"];
  const { code, stdout, stderr } = await runCli(args, { env: cliEnv() });
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.answers.length, 6);
  assert.deepEqual(
    out.answers.map((a: { promptIndex: number; sample: number }) => `${a.promptIndex}.${a.sample}`),
    ["0.0", "0.1", "1.0", "1.1", "2.0", "2.1"],
  );
  assert.equal(typeof out.withinPrompt, "number");
  assert.equal(typeof out.acrossPrompts, "number");
});

test("the prober can live on another server (--prober-base-url); your own probes skip it", async (t) => {
  const targetServer = await startTestLlmServer({ reply: answer });
  const proberServer = await startTestLlmServer({ reply: answer });
  t.after(() => Promise.all([targetServer.close(), proberServer.close()]));
  const args = [
    "ask",
    QUESTION,
    "-t",
    "openai-compatible:big",
    "-p",
    "openai-compatible:small",
    "--base-url",
    `${targetServer.url}/v1`,
    "--prober-base-url",
    `${proberServer.url}/v1`,
    "--probes",
    "3",
    "--json",
  ];
  const { code, stderr } = await runCli(args, { env: cliEnv() });
  assert.equal(code, 0, stderr);
  assert.deepEqual(
    proberServer.requests.map((r) => [r.model, isProber(r)]),
    [["small", true]],
  );
  assert.ok(targetServer.requests.every((r) => r.model === "big" && !isProber(r)));
  assert.equal(targetServer.requests.length, 4);

  const own = await runCli(
    [
      "ask",
      QUESTION,
      "-t",
      "openai-compatible:big",
      "--base-url",
      `${targetServer.url}/v1`,
      "--probe",
      "Where do fortune cookies come from?",
      "--probe",
      "Who made the first fortune cookie?",
      "--json",
    ],
    { env: cliEnv() },
  );
  assert.equal(own.code, 0, own.stderr);
  assert.deepEqual(
    JSON.parse(own.stdout).probes.map((p: { source: string }) => p.source),
    ["user", "user"],
  );
  assert.equal(targetServer.requests.filter(isProber).length, 0);
});

test("transient errors are retried and recorded; an answer that keeps failing is reported, not fatal", async (t) => {
  const seen = new Map<string, number>();
  const server = await startTestLlmServer({
    reply: (r) => {
      const count = (seen.get(r.prompt) ?? 0) + 1;
      seen.set(r.prompt, count);
      if (isProber(r)) return count === 1 ? { status: 429, headers: { "retry-after": "0" } } : answer(r);
      if (r.prompt.includes("invented")) return { status: 500 };
      if (r.prompt === QUESTION && count === 1) return { status: 503 };
      return answer(r);
    },
  });
  t.after(() => server.close());
  const env = cliEnv();
  const args = ["ask", QUESTION, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--retries", "1", "--json"];
  const { code, stdout, stderr } = await runCli(args, { env });
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  const failed = out.answers.find((a: { prompt: string }) => a.prompt.includes("invented"));
  assert.equal(failed.error.kind, "server");
  assert.equal(failed.text, null);
  assert.equal(out.pairwise.length, 5);
  assert.match(out.warnings.join(" "), /1 of 6 answers failed/);
  const db = new Database(join(env.AUDITLLM_HOME, "auditllm.db"), { readonly: true });
  const rows = db.prepare("SELECT role, status, attempts, error_kind FROM calls ORDER BY id").all() as { role: string; status: string; attempts: number; error_kind: string | null }[];
  db.close();
  assert.deepEqual(rows.filter((r) => r.attempts === 2).length, 3, "the prober's 429, the question's 503 and the failing answer were each tried twice");
  assert.deepEqual(
    rows.filter((r) => r.status === "failed").map((r) => r.error_kind),
    ["server"],
  );
});

test("an embedded llama.cpp model (a tiny GGUF written by the test) answers through the CLI", async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { writeTinyLlamaGguf } = await import("../testing/gguf.js");
  const path = join(mkdtempSync(join(tmpdir(), "auditllm-gguf-")), "tiny.gguf");
  await writeTinyLlamaGguf(path);
  const args = ["ask", "Why is the sky blue?", "-t", `llamacpp:${path}`, "--probe", "What makes the sky blue?", "--max-tokens", "8", "--json"];
  const { code, stdout, stderr } = await runCli(args, { env: cliEnv() });
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.target, `llamacpp:${path}`);
  assert.equal(out.answers.length, 2);
  assert.ok(out.answers.every((a: { text: string; finishReason: string }) => a.text.length > 0 && a.finishReason === "length"));
  assert.equal(out.pairwise.length, 2);
});

test("ask --judge: a judge model decides agree/contradict per pair; clusters, contradictions and sentences come out in the JSON", async (t) => {
  const verdict = (r: ScriptedRequest) => {
    const a = /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(r.prompt)?.[1] ?? "";
    const b = /<answer_b>\n([\s\S]*?)\n<\/answer_b>/.exec(r.prompt)?.[1] ?? "";
    return a.includes("China") !== b.includes("China") ? "CONTRADICT" : "AGREE";
  };
  const server = await startTestLlmServer({ reply: (r) => (r.model === "judge" ? verdict(r) : answer(r)) });
  t.after(() => server.close());
  const env = cliEnv();
  const args = ["ask", QUESTION, "--target", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--judge", "openai-compatible:judge", "--json"];
  const { code, stdout, stderr } = await runCli(args, { env });
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.metric, "judge:openai-compatible:judge");
  const invented = 4;
  const judged = server.requests.filter((r) => r.model === "judge");
  assert.equal(judged.length, 1, "six answers but two distinct texts: one call, whichever way round the pair comes; identical texts need none");
  assert.ok(judged.every((r) => r.temperature === 0 && r.prompt.includes(QUESTION)));
  assert.deepEqual(out.pairwise[0], [1, 1, 1, 1, 0, 1]);
  assert.equal(out.consistency, Math.round((10 / 15) * 10_000) / 10_000, "10 agreeing pairs of 15");
  assert.deepEqual(out.clusters, [[0, 1, 2, 3, 5], [invented]]);
  assert.equal(out.distinctAnswers, 2);
  assert.ok(out.contradictions.length === 5 && out.contradictions.every((c: { a: number; b: number; kind: string }) => c.kind === "judge" && (c.a === invented || c.b === invented)));
  assert.equal(out.sentences.length, 6);
  assert.ok(out.sentences[invented].length >= 1 && out.sentences[invented][0].support < out.sentences[0][0].support);

  const bad = await runCli(["ask", QUESTION, "--target", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--judge", "openai-compatible:judge", "--metric", "glove"], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--judge and --metric glove both choose the metric/);
});

test("no consistency (every probe dropped, one answer): exit 0 and the report says so; --fail-under counts it as failing", async (t) => {
  // The prober only repeats the question: every probe is dropped as a near-copy, leaving one answer.
  const server = await startTestLlmServer({ reply: (r) => (isProber(r) ? [1, 2, 3, 4, 5].map((i) => `${i}. ${QUESTION}`).join("\n") : answer(r)) });
  t.after(() => server.close());
  const env = cliEnv();
  const args = ["ask", QUESTION, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`];
  const plain = await runCli(args, { env });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /Consistency –/);
  const gated = await runCli([...args, "--fail-under", "0.5", "--json"], { env });
  assert.equal(gated.code, 1, gated.stderr);
  assert.equal(JSON.parse(gated.stdout).consistency, null);
  assert.match(gated.stderr, /no consistency could be computed \(no score: fewer than two answers to compare\), which fails --fail-under 0\.5/);
});

test("an unknown --metric is a usage error (exit 2) and no run is stored for it", async () => {
  const env = cliEnv();
  const { code, stderr } = await runCli(["ask", QUESTION, "-t", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1", "--metric", "bleu"], { env });
  assert.equal(code, 2);
  assert.match(stderr, /Unknown metric "bleu"/);
  const runs = await runCli(["runs", "--json"], { env });
  assert.deepEqual(JSON.parse(runs.stdout), []);
});

test("an answer that echoes the API key is printed with the key redacted, in the report and in --json", async (t) => {
  const echo = (r: ScriptedRequest) => (isProber(r) ? answer(r) : `I was called with ${SECRET}; fortune cookies come from California.`);
  const server = await startTestLlmServer({ reply: echo, apiKey: SECRET });
  t.after(() => server.close());
  const env = cliEnv({ OPENAI_COMPATIBLE_API_KEY: SECRET });
  for (const json of [false, true]) {
    const args = ["ask", QUESTION, "--target", "openai-compatible:m", "--base-url", `${server.url}/v1`, ...(json ? ["--json"] : [])];
    const { code, stdout, stderr } = await runCli(args, { env });
    assert.equal(code, 0, stderr);
    assert.ok(!stdout.includes(SECRET) && !stderr.includes(SECRET), json ? "--json" : "report");
    assert.match(stdout, /I was called with \[redacted\]; fortune cookies come from California\./);
  }
});
