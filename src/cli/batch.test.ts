/**
 * `auditllm batch` end to end: the built CLI, a local OpenAI-compatible server playing the models, a real
 * SQLite store. Resume after kill -9, rate-limit storms and flaky servers, several targets on one input.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { auditScript, isProberRequest, probedQuestion } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { repoRoot, sharedDataDir } from "../testing/paths.js";

function questionsFile(n: number, name = "questions.txt"): string {
  const path = join(mkdtempSync(join(tmpdir(), "auditllm-batch-")), name);
  writeFileSync(path, Array.from({ length: n }, (_, i) => `What is the capital city of country number ${i + 1}?`).join("\n") + "\n");
  return path;
}

const jsonl = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function runIdOf(home: string): string {
  const db = new Database(join(home, "auditllm.db"), { readonly: true });
  const row = db.prepare("SELECT id FROM runs ORDER BY created_at DESC LIMIT 1").get() as { id: string };
  db.close();
  return row.id;
}

test("TruthfulQA with two targets: probes written once per question, both models compared on them", async (t) => {
  const script = auditScript();
  const server = await startTestLlmServer({ reply: script.reply });
  t.after(() => server.close());
  const data = sharedDataDir();
  const file = data ? join(data, "truthfulqa.csv") : join(repoRoot(), "examples", "truthfulqa-sample.csv");
  const expected = data ? 817 : 40;
  const env = cliEnv();
  const out = join(env.AUDITLLM_HOME!, "out");
  const args = ["batch", file, "-t", "openai-compatible:alpha,openai-compatible:beta", "--base-url", `${server.url}/v1`, "-c", "16", "--out", out, "--json"];
  const { code, stdout, stderr } = await runCli(args, { env });
  assert.equal(code, 0, stderr);
  const summary = JSON.parse(stdout);
  assert.deepEqual(
    summary.targets.map((s: { target: string; audited: number }) => [s.target, s.audited]),
    [
      ["openai-compatible:alpha", expected],
      ["openai-compatible:beta", expected],
    ],
  );
  const probeCalls = server.requests.filter(isProberRequest);
  assert.equal(new Set(probeCalls.map((r) => probedQuestion(r.prompt))).size, expected, "every question was probed");
  assert.equal(new Set(probeCalls.map((r) => r.prompt)).size, probeCalls.length, "no prober call was made twice: probes are shared by both targets");
  const rows = jsonl(join(out, "results.jsonl"));
  assert.equal(rows.length, 2 * expected);
  for (const target of ["alpha", "beta"]) {
    const answers = rows.filter((r) => r.target === `openai-compatible:${target}`).reduce((n, r) => n + (r.answers as unknown[]).length, 0);
    assert.equal(server.requests.filter((r) => r.model === target && !isProberRequest(r)).length, answers, `${target} answered each question and each of its probes once`);
  }
  const probesOf = (target: string) => rows.filter((r) => r.target === target).map((r) => JSON.stringify(r.probes));
  assert.deepEqual(probesOf("openai-compatible:alpha"), probesOf("openai-compatible:beta"), "both targets were audited on the same probes");
  assert.ok(rows.every((r) => typeof r.consistency === "number"));
  assert.ok(
    rows.every((r) => typeof r.category === "string" && (r.reference as { correct: string[] }).correct.length > 0),
    "categories and reference answers come through",
  );
  type Truth = { metric: string; mean: number; perAnswer: (number | null)[] };
  assert.ok(
    rows.every((r) => {
      const truth = r.truthfulness as Truth;
      return truth.metric === "hybrid" && truth.mean >= 0 && truth.mean <= 1 && truth.perAnswer.length === (r.answers as unknown[]).length;
    }),
    "every audit is scored for truthfulness against its reference answers",
  );
  assert.ok(rows.every((r) => Array.isArray(r.clusters) && typeof r.distinctAnswers === "number" && Array.isArray(r.contradictions) && Array.isArray(r.sentences)));
  const csv = readFileSync(join(out, "results.csv"), "utf8").trim().split(/\r?\n/);
  assert.equal(csv.length, 2 * expected + 1);
  const header = csv[0]!.split(",");
  for (const column of ["distinct_answers", "semantic_entropy", "contradictions", "truthfulness", "least_supported_sentence"]) assert.ok(header.includes(column), column);
  const html = readFileSync(join(out, "report.html"), "utf8");
  assert.match(html, /Mean truthfulness/);
  assert.match(html, /With a contradiction/);
  assert.ok(existsSync(join(out, "report.html")));
});

test("kill -9 mid-run, then --resume: the same results as an uninterrupted run, and no finished call made twice", async (t) => {
  const LATENCY = 25;
  const script = auditScript({ latencyMs: LATENCY });
  const server = await startTestLlmServer({ reply: script.reply });
  t.after(() => server.close());
  const file = questionsFile(60);
  const env = cliEnv();
  const out = join(env.AUDITLLM_HOME!, "out");
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "-c", "6", "--out", out];
  let child: ChildProcess | undefined;
  let killedAt = 0;
  const watcher = setInterval(() => {
    if (!killedAt && server.requests.length >= 150) {
      killedAt = Date.now();
      child?.kill("SIGKILL");
    }
  }, 5);
  const first = await runCli(args, { env, onSpawn: (c) => (child = c) });
  clearInterval(watcher);
  assert.equal(first.signal, "SIGKILL");
  const beforeResume = server.requests.length;
  const runId = runIdOf(env.AUDITLLM_HOME!);
  const resumed = await runCli(["batch", "--resume", runId, "--out", out], { env });
  assert.equal(resumed.code, 0, resumed.stderr);
  const resumedRows = jsonl(join(out, "results.jsonl"));

  // Calls: every prompt needed was made; a prompt made twice was in flight when the process was killed.
  const needed = 60 * 7;
  const prompts = new Map<string, number[]>();
  server.requests.forEach((r, i) => {
    const key = `${r.model}\u0000${r.prompt}`;
    prompts.set(key, [...(prompts.get(key) ?? []), i]);
  });
  assert.equal(prompts.size, needed);
  const repeated = [...prompts.values()].filter((at) => at.length > 1);
  assert.ok(
    repeated.every((at) => at.length === 2 && at[0]! < beforeResume && at[1]! >= beforeResume),
    "repeats only across the kill",
  );
  assert.ok(repeated.length <= 6, `at most the ${6} calls in flight at the kill were sent again (${repeated.length})`);
  assert.equal(server.requests.length, needed + repeated.length);

  // The same run without interruption, in a fresh store, gives the same results.
  const reference = await runCli(["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "-c", "6", "--out", join(env.AUDITLLM_HOME!, "ref")], { env: cliEnv() });
  assert.equal(reference.code, 0, reference.stderr);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ runId: _, ...rest }) => rest);
  assert.deepEqual(strip(resumedRows), strip(jsonl(join(env.AUDITLLM_HOME!, "ref", "results.jsonl"))));
});

test("a 429 storm and 5% server errors: the run completes, the limit adapts, nothing fails", async (t) => {
  const script = auditScript({ latencyMs: 10, cap: 3, errorRate: 0.05 });
  const server = await startTestLlmServer({ reply: script.reply });
  t.after(() => server.close());
  const env = cliEnv();
  const out = join(env.AUDITLLM_HOME!, "out");
  const args = ["batch", questionsFile(30), "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "-c", "12", "--out", out, "--json"];
  const { code, stdout, stderr } = await runCli(args, { env });
  assert.equal(code, 0, stderr);
  const [summary] = JSON.parse(stdout).targets;
  assert.deepEqual([summary.audited, summary.failed], [30, 0]);
  assert.ok(script.stats.rateLimited > 0, "the server did refuse calls");
  assert.ok(script.stats.errors > 0, "the server did fail calls");
  assert.equal(script.stats.served, 30 * 7);
  assert.ok(script.stats.rateLimited < 30 * 7, `the limit adapted instead of hammering (${script.stats.rateLimited} refusals)`);
});

test("bad rows are reported with their line and skipped; --fail-under sets the exit code; report rewrites outputs", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript().reply });
  t.after(() => server.close());
  const dir = mkdtempSync(join(tmpdir(), "auditllm-batch-"));
  const file = join(dir, "mixed.jsonl");
  writeFileSync(
    file,
    [JSON.stringify({ question: "Where did fortune cookies originate?", topic: "food" }), "{oops", JSON.stringify({ prompt: "" }), JSON.stringify({ query: "Who wrote Hamlet?", topic: "books" })].join(
      "\n",
    ) + "\n",
  );
  const env = cliEnv();
  const out = join(dir, "out");
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--out", out, "--fail-under", "0.99"];
  const { code, stdout, stderr } = await runCli(args, { env });
  assert.equal(code, 1, "mean consistency under 0.99");
  assert.match(stderr, /mixed\.jsonl:2: .*skipped/);
  assert.match(stderr, /mixed\.jsonl:3: .*skipped/);
  assert.match(stderr, /mean consistency under 0\.99 for openai-compatible:m/);
  assert.match(stdout, /Run \S+ done/);
  const rows = jsonl(join(out, "results.jsonl"));
  assert.deepEqual(
    rows.map((r) => [r.line, (r.meta as Record<string, string>).topic]),
    [
      [1, "food"],
      [4, "books"],
    ],
  );

  const runId = runIdOf(env.AUDITLLM_HOME!);
  const csv = await runCli(["report", runId, "--format", "csv", "--out", "-"], { env });
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(csv.stdout.trim().split(/\r?\n/).length, 3);
  const again = await runCli(["report", runId, "--out", join(dir, "again")], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(jsonl(join(dir, "again", "results.jsonl")), rows);
  const listed = await runCli(["runs"], { env });
  assert.match(listed.stdout, new RegExp(`${runId}  batch  done\\s+mixed\\.jsonl \\(2 questions\\)  openai-compatible:m 0\\.\\d\\d`));
  const show = await runCli(["show", runId], { env });
  assert.equal(show.code, 2);
  assert.match(show.stderr, /auditllm report/);
});

test("Ctrl+C stops the run resumably; the same command again resumes it", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript({ latencyMs: 40 }).reply });
  t.after(() => server.close());
  const env = cliEnv();
  const file = questionsFile(40);
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "-c", "4", "--out", join(env.AUDITLLM_HOME!, "out")];
  let child: ChildProcess | undefined;
  const watcher = setInterval(() => {
    if (server.requests.length >= 30) {
      clearInterval(watcher);
      child?.kill("SIGINT");
    }
  }, 5);
  const stopped = await runCli(args, { env, onSpawn: (c) => (child = c) });
  clearInterval(watcher);
  assert.equal(stopped.code, 130, stopped.stderr);
  const runId = runIdOf(env.AUDITLLM_HOME!);
  assert.match(stopped.stderr, new RegExp(`auditllm batch --resume ${runId}`));
  const partial = jsonl(join(env.AUDITLLM_HOME!, "out", "results.jsonl"));
  assert.ok(partial.length > 0 && partial.length < 40, `results.jsonl holds the ${partial.length} questions finished so far`);
  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`Resuming run ${runId}`));
  assert.equal(runIdOf(env.AUDITLLM_HOME!), runId, "no new run was made");
});

test("a file that is not what its extension says fails at once, and no run is made for it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-batch-"));
  const env = cliEnv();
  const cases: [string, string, RegExp][] = [
    ["fake.xlsx", "question\nWhy?\n", /fake\.xlsx/],
    ["array.jsonl", '[{"question": "Why?"}]\n', /JSON array/],
    ["columns.csv", "title,body\nA,B\n", /question/],
    ["notes.docx", "Why?\n", /\.csv/],
  ];
  for (const [name, content, message] of cases) {
    writeFileSync(join(dir, name), content);
    const { code, stderr } = await runCli(["batch", join(dir, name), "-t", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1"], { env });
    assert.equal(code, 1, `${name}: ${stderr}`);
    assert.match(stderr, message, name);
    assert.doesNotMatch(stderr, /unexpected error|\n\s+at /, name);
  }
  assert.ok(!existsSync(join(env.AUDITLLM_HOME!, "auditllm.db")) || (await runCli(["runs", "--json"], { env })).stdout.trim() === "[]");
});

test("a file whose rows all bring their answers needs no model: no --target, nothing detected, nothing downloaded", async () => {
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), "auditllm-given-"));
  const file = join(dir, "given.jsonl");
  writeFileSync(
    file,
    [
      { question: "Who wrote Hamlet?", responses: ["Shakespeare wrote Hamlet.", "William Shakespeare wrote it."] },
      { question: "Is MSG harmful?", responses: ["Yes, MSG is harmful.", "No, MSG is not harmful."] },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n"),
  );
  const out = join(dir, "out");
  const { code, stdout, stderr } = await runCli(["batch", file, "--out", out, "--json"], { env });
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /--yes|download/i);
  const summary = JSON.parse(stdout);
  assert.deepEqual(
    summary.targets.map((t: { target: string; audited: number }) => [t.target, t.audited]),
    [["given", 2]],
  );
  const rows = jsonl(join(out, "results.jsonl"));
  assert.deepEqual(
    rows.map((r) => r.distinctAnswers),
    [1, 2],
    "the yes and the no are two answers",
  );
});
