/**
 * `auditllm batch` as a new user meets it: the same command twice (the second says the run is complete and
 * makes no call), questions with no score apart from failed ones (CLI, JSON and HTML report count them the
 * same), and a file that brings its answers announcing no model.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript, isProberRequest, probedQuestion } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer, type ScriptedRequest } from "../testing/llm-server.js";

function folder(): string {
  return mkdtempSync(join(tmpdir(), "auditllm-rerun-"));
}

test("the same batch command on a finished run: says it is complete and where the reports are, makes no call; --new starts over", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript().reply });
  t.after(() => server.close());
  const dir = folder();
  const file = join(dir, "q.txt");
  writeFileSync(file, "Who wrote Hamlet?\nWhere did fortune cookies originate?\n");
  const env = cliEnv();
  const out = join(dir, "out");
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--out", out];
  const first = await runCli(args, { env });
  assert.equal(first.code, 0, first.stderr);
  const calls = server.requests.length;
  const runId = /Run (\S+) done\./.exec(first.stdout)![1]!;
  const html = readFileSync(join(out, "report.html"));

  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(server.requests.length, calls, "no call was made again");
  assert.match(again.stderr, new RegExp(`Run ${runId} already did this: same input and settings, finished\\. No call made \\(--new starts over\\)`));
  assert.match(
    again.stdout,
    new RegExp(
      `^Run ${runId} is complete\\. Reports in ${out}: results\\.csv, results\\.jsonl, report\\.html, results\\.xlsx\\n  openai-compatible:m: mean consistency 0\\.\\d{3} over 2 question\\(s\\)\\n$`,
    ),
  );
  assert.ok(readFileSync(join(out, "report.html")).equals(html), "the reports were left as they were");

  // Reports that are gone are written again from the store; --fail-under still judges the stored means.
  rmSync(out, { recursive: true });
  const gated = await runCli([...args, "--fail-under", "0.99", "--json"], { env });
  assert.equal(gated.code, 1, gated.stderr);
  assert.match(gated.stderr, /mean consistency under 0\.99 for openai-compatible:m/);
  assert.equal(JSON.parse(gated.stdout).runId, runId);
  assert.ok(readFileSync(join(out, "report.html")).equals(html), "the same report, from the store");
  assert.equal(server.requests.length, calls);

  const fresh = await runCli([...args, "--new"], { env });
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.notEqual(/Run (\S+) done\./.exec(fresh.stdout)![1], runId);
  assert.equal(server.requests.length, 2 * calls, "--new made every call again");
});

test("no score (no usable probe) and failed (an error) are named and counted apart, the same in the CLI, --json and the HTML report", async (t) => {
  const script = auditScript();
  const reply = (r: ScriptedRequest) => {
    // The prober only copies "Copy me" questions (every probe is dropped as a near-copy), and fails on "Broken" ones.
    const question = isProberRequest(r) ? probedQuestion(r.prompt) : "";
    if (question.startsWith("Copy me")) return [1, 2, 3, 4, 5].map((i) => `${i}. ${question}`).join("\n");
    if (question.startsWith("Broken")) return { status: 500 };
    return script.reply(r);
  };
  const server = await startTestLlmServer({ reply });
  t.after(() => server.close());
  const dir = folder();
  const file = join(dir, "q.txt");
  writeFileSync(file, "Who wrote Hamlet?\nCopy me: who painted the Mona Lisa?\nBroken: what is the capital of Peru?\n");
  const env = cliEnv();
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--retries", "0", "--out", join(dir, "out")];
  const text = await runCli(args, { env });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /openai-compatible:m: mean consistency 0\.\d{3} over 1 question\(s\), 1 with no score \(fewer than two answers to compare\), 1 failed/);
  const json = await runCli([...args, "--json", "--new", "--out", join(dir, "out2")], { env });
  assert.equal(json.code, 0, json.stderr);
  const [summary] = JSON.parse(json.stdout).targets;
  assert.deepEqual([summary.audited, summary.noScore, summary.failed], [1, 1, 1]);
  const html = readFileSync(join(dir, "out2", "report.html"), "utf8");
  const row = /<tr><th scope="row">[^]*?openai-compatible:m<\/th>((?:<td[^>]*>[^]*?<\/td>){3})/.exec(html)![1]!;
  assert.deepEqual(
    [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]),
    ["1", "1", "1"],
    "Questions audited · Failed · No score",
  );
});

test("a file that brings its answers announces no model: it says the answers are scored as given", async () => {
  const dir = folder();
  const file = join(dir, "given.jsonl");
  writeFileSync(file, `${JSON.stringify({ question: "Who wrote Hamlet?", responses: ["Shakespeare.", "William Shakespeare wrote it."] })}\n`);
  const env = cliEnv();
  const { code, stdout, stderr } = await runCli(["batch", file, "--out", join(dir, "out")], { env });
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Every question of .*given\.jsonl brings its answers: they are scored as given, no model answers\./);
  assert.doesNotMatch(stderr, /Target:|llamacpp|embedded|Loading/);
  assert.match(stdout, /given: mean consistency/);
  const runs = JSON.parse((await runCli(["runs", "--json"], { env })).stdout) as { config: { targets: string[] } }[];
  assert.deepEqual(runs[0]!.config.targets, ["given"]);
  const again = await runCli(["batch", file, "--out", join(dir, "out")], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /is complete\./, "the same file again is the same, finished run");
});
