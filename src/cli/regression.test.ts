/**
 * A regression audit end to end, as CI runs it: the built CLI against the scripted OpenAI-compatible server, a
 * real SQLite store. A second run with --probes-from asks the prober only about its new questions; `compare`
 * exits 1 on a real drop and 0 otherwise; a config file supplies the settings; JUnit XML and results.xlsx come out.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript, isProberRequest, probedQuestion } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer, type ScriptedRequest } from "../testing/llm-server.js";

const WORDS = ["seven", "Paris", "blue", "nineteen", "copper", "owls", "Tuesday", "violin", "glacier", "pepper"];

/** "good" gives one answer whatever the wording; "bad" says something else for every prompt. */
function answer(prompt: string, r: ScriptedRequest): string {
  if (r.model === "good") return "The answer is forty-two, as every source agrees.";
  let h = 0;
  for (const c of prompt) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `Perhaps ${WORDS[h % 10]} ${WORDS[(h >> 4) % 10]} ${WORDS[(h >> 8) % 10]}.`;
}

const QUESTIONS = [
  ["q1", "What is the boiling point of water at sea level?"],
  ["q2", "Who painted the Mona Lisa?"],
  ["q3", "How many legs does a spider have?"],
  ["q4", "What is the largest planet in the solar system?"],
  ["", "Which gas do plants absorb from the air?"],
];

function csv(dir: string, name: string, rows: string[][]): string {
  const path = join(dir, name);
  writeFileSync(path, `id,question\n${rows.map((r) => r.map((c) => `"${c}"`).join(",")).join("\n")}\n`);
  return path;
}

test("--probes-from reuses the probes of shared questions (no prober call for them); compare gates a real drop; config file; JUnit and xlsx", async (t) => {
  const script = auditScript({ answer });
  const server = await startTestLlmServer({ reply: script.reply });
  t.after(() => server.close());
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), "auditllm-regression-"));
  const base = ["--base-url", server.openaiBaseUrl, "-k", "3", "--metric", "lexical", "--json"];
  const first = csv(dir, "first.csv", QUESTIONS);
  const a = await runCli(["batch", first, "-t", "openai-compatible:good", "--out", join(dir, "a"), ...base], { env });
  assert.equal(a.code, 0, a.stderr);
  const runA = JSON.parse(a.stdout).runId as string;
  assert.ok(existsSync(join(dir, "a", "results.xlsx")), "results.xlsx beside results.csv");
  assert.equal(server.requests.filter(isProberRequest).length, 5);

  // Month two: q2 reworded (same id), the id-less question as it was, two new questions.
  const second = csv(dir, "second.csv", [
    QUESTIONS[0]!,
    ["q2", "Which artist painted the Mona Lisa?"],
    QUESTIONS[2]!,
    QUESTIONS[3]!,
    QUESTIONS[4]!,
    ["q6", "What is the chemical symbol for gold?"],
    ["", "How many continents are there?"],
  ]);
  const before = server.requests.length;
  const b = await runCli(["batch", second, "-t", "openai-compatible:good", "--probes-from", runA, "--out", join(dir, "b"), "--junit", join(dir, "b", "junit.xml"), ...base], { env });
  assert.equal(b.code, 0, b.stderr);
  const summaryB = JSON.parse(b.stdout);
  assert.deepEqual(summaryB.probesFrom, { runId: runA, reused: 5 });
  assert.match(b.stderr, new RegExp(`Reused the probes of run ${runA} for 5 of 7 questions`));
  const probed = server.requests
    .slice(before)
    .filter(isProberRequest)
    .map((r) => probedQuestion(r.prompt));
  assert.deepEqual(probed.sort(), ["How many continents are there?", "What is the chemical symbol for gold?"], "the prober is asked about the new questions only");
  const answered = server.requests.slice(before).filter((r) => r.kind === "chat" && !isProberRequest(r));
  assert.ok(
    answered.some((r) => r.prompt === "Can you tell me who painted the Mona Lisa?"),
    "the reworded q2 is asked with run A's probes",
  );

  const junit = readFileSync(join(dir, "b", "junit.xml"), "utf8");
  assert.match(junit, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="auditllm [^"]+" tests="7" failures="0" errors="0" skipped="0">/);
  assert.equal(junit.match(/<testcase /g)?.length, 7);
  assert.ok(readFileSync(join(dir, "b", "report.html"), "utf8").includes(`probes reused from run <code>${runA}</code>`), "the report says where the probes came from");

  // The same model on the same probes: no drop, the gate passes (exit 0) and nothing warns about probes.
  const same = await runCli(["compare", runA, summaryB.runId, "--fail-if-worse", "0.05", "--json"], { env });
  assert.equal(same.code, 0, same.stderr);
  const c = JSON.parse(same.stdout);
  assert.equal(c.matched, 5, "q1, q2 (by id), q3, q4 and the id-less question (by text)");
  assert.equal(c.probesDiffer, 0);
  assert.deepEqual(c.gate.failures, []);
  assert.doesNotMatch(same.stderr, /warning/);

  // A worse model on the same probes: a real drop, the gate fails (exit 1) and says why.
  const worse = await runCli(["batch", first, "-t", "openai-compatible:bad", "--probes-from", runA, "--out", join(dir, "c"), ...base], { env });
  assert.equal(worse.code, 0, worse.stderr);
  const runC = JSON.parse(worse.stdout).runId as string;
  const dropped = await runCli(["compare", runA, runC, "--fail-if-worse", "0.05"], { env });
  assert.equal(dropped.code, 1, dropped.stdout + dropped.stderr);
  assert.match(dropped.stdout, /Questions in both\s+5/);
  assert.match(dropped.stdout, /Mean difference\s+−0\.\d{3} \(B − A\)\s+95% CI −/);
  assert.match(dropped.stdout, /Largest drops \(A → B\)\n {2}−0\.\d{3} {2}1\.00 → 0\.\d\d {2}\S/);
  assert.match(dropped.stdout, /Gate \(mean drop ≤ 0\.05\): FAILED — mean consistency dropped by 0\.\d{3}, more than 0\.05/);
  assert.match(dropped.stderr, new RegExp(`run ${runC} fails the gate against run ${runA}`));
  const share = await runCli(["compare", runA, runC, "--max-worse-share", "0.5", "--json"], { env });
  assert.equal(share.code, 1, "every question got worse: more than half");
  assert.equal(JSON.parse(share.stdout).worse, 5);
  const ungated = await runCli(["compare", runA, runC], { env });
  assert.equal(ungated.code, 0, "no gate, no failure");

  // The same from a config file in the current folder; a flag overrides it.
  writeFileSync(join(dir, "auditllm.config.yaml"), "thresholds:\n  failIfWorse: 0.05\n");
  assert.equal((await runCli(["compare", runA, runC], { env, cwd: dir })).code, 1, "the config's gate");
  assert.equal((await runCli(["compare", runA, runC, "--fail-if-worse", "1"], { env, cwd: dir })).code, 0, "the flag wins");
  // Without probes-from the prober writes probes afresh: the comparison warns.
  const fresh = await runCli(["batch", first, "-t", "openai-compatible:good", "-k", "2", "--base-url", server.openaiBaseUrl, "--metric", "lexical", "--out", join(dir, "d"), "--json"], { env });
  assert.equal(fresh.code, 0, fresh.stderr);
  const warned = await runCli(["compare", runA, JSON.parse(fresh.stdout).runId], { env });
  assert.match(warned.stderr, /warning: 5 of 5 questions were asked with different probes/);
});

test("a config file drives batch (flags override it); a wrong one is refused naming the key and its line", async (t) => {
  const script = auditScript({ answer });
  const server = await startTestLlmServer({ reply: script.reply });
  t.after(() => server.close());
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), "auditllm-config-"));
  csv(dir, "questions.csv", QUESTIONS.slice(0, 2));
  const config = [
    "input: questions.csv",
    "targets:",
    "  - openai-compatible:good",
    `baseUrl: ${server.openaiBaseUrl}`,
    "probes: 2",
    "metric: lexical",
    "out: reports",
    "thresholds:",
    "  failUnder: 0.99",
    "",
  ].join("\n");
  writeFileSync(join(dir, "auditllm.config.yaml"), config);
  const run = await runCli(["batch", "--json"], { env, cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.equal(summary.out, join(dir, "reports"));
  assert.equal(summary.failUnder, 0.99);
  assert.equal(server.requests.filter(isProberRequest).length, 2);
  assert.ok(server.requests.filter((r) => r.kind === "chat" && !isProberRequest(r)).every((r) => r.model === "good"));
  const lowered = await runCli(["batch", "--json", "--fail-under", "1.0", "-t", "openai-compatible:bad", "--new"], { env, cwd: dir });
  assert.equal(lowered.code, 1, "the flag's target and threshold: bad is under 1.0");
  assert.deepEqual(JSON.parse(lowered.stdout).failing, ["openai-compatible:bad"]);

  writeFileSync(join(dir, "auditllm.config.yaml"), config.replace("probes: 2", "probes: two"));
  const wrong = await runCli(["batch"], { env, cwd: dir });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /auditllm\.config\.yaml:5: probes: expected number, received string/);
  writeFileSync(join(dir, "auditllm.config.yaml"), config.replace("  failUnder", "  failUnderr"));
  const unknown = await runCli(["batch"], { env, cwd: dir });
  assert.match(unknown.stderr, /auditllm\.config\.yaml:9: unknown key "thresholds\.failUnderr" \(known: failUnder, failIfWorse, maxWorseShare, margin\)/);
  const json = join(dir, "other.json");
  writeFileSync(json, '{\n  "targets": ["openai-compatible:good"],\n  "samples": 0\n}\n');
  const fromJson = await runCli(["batch", "--config", json], { env, cwd: dir });
  assert.match(fromJson.stderr, /other\.json:3: samples: .*1/);

  // init writes the example, which loads; it refuses to overwrite without --force.
  const fresh = mkdtempSync(join(tmpdir(), "auditllm-init-"));
  assert.equal((await runCli(["init"], { env, cwd: fresh })).code, 0);
  const again = await runCli(["init"], { env, cwd: fresh });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists already; --force overwrites it/);
  assert.equal((await runCli(["init", "--force"], { env, cwd: fresh })).code, 0);
  const check = await runCli(["compare", "x", "y"], { env, cwd: fresh });
  assert.match(check.stderr, /No run x/, "the example config loads (the error is about the runs, not the file)");
});
