/**
 * A batch run's end, with real processes: `auditllm batch … 2>&1 | head` (a reader that goes away) still finishes
 * the run and writes its reports; a run where every question failed exits 1 and is stored as failed; a run is
 * marked done only after its reports are written, and one stopped while they are being written (kill -9) gets
 * them from the same command, with no call made again.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript } from "../testing/audit-script.js";
import { CLI, cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { questionsFile, runState, waitFor } from "../testing/run-store.js";

const folder = () => mkdtempSync(join(tmpdir(), "auditllm-batch-end-"));
const REPORTS = ["results.csv", "results.jsonl", "report.html"];

test("`auditllm batch … 2>&1 | head -n 1`: the run finishes (exit 0), is done and has its reports, though no output can be written", async (t) => {
  const llm = await startTestLlmServer({ reply: auditScript({ latencyMs: 20 }).reply, models: ["m"] });
  t.after(() => llm.close());
  const dir = folder();
  const file = questionsFile(dir, 12);
  const env = cliEnv();
  const out = join(dir, "out");
  const command = `"$0" "$1" batch "$2" -t openai-compatible:m --base-url "$3" -k 2 -c 2 -m lexical --out "$4" 2>&1 | head -n 1; exit \${PIPESTATUS[0]}`;
  const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn("bash", ["-c", command, process.execPath, CLI, file, llm.openaiBaseUrl, out], { env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
  });
  assert.equal(result.code, 0, `auditllm's own exit code (PIPESTATUS); head printed: ${result.stdout}`);
  assert.equal(result.stdout.split("\n").filter(Boolean).length, 1, "head took one line and went away");
  const state = runState(env.AUDITLLM_HOME!);
  assert.equal(state.status, "done");
  assert.equal(state.done, 12);
  for (const name of REPORTS) assert.ok(existsSync(join(out, name)), `${name} written`);
});

test("a run where every question failed exits 1, says so, is stored (and listed) as failed, with its reports", async (t) => {
  const llm = await startTestLlmServer({ reply: () => ({ status: 500 }), models: ["m"] });
  t.after(() => llm.close());
  const dir = folder();
  const file = questionsFile(dir, 3);
  const env = cliEnv();
  const out = join(dir, "out");
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", llm.openaiBaseUrl, "-k", "2", "-m", "lexical", "--retries", "0", "--out", out];
  const result = await runCli(args, { env });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /auditllm: Every question failed \(3 of 3\); the first: .*Reports in .*; resume with: auditllm batch --resume \d{8}-\d{6}-[0-9a-f]{6}/);
  for (const name of REPORTS) assert.ok(existsSync(join(out, name)), `${name} written`);
  const [run] = JSON.parse((await runCli(["runs", "--json"], { env })).stdout) as { status: string; error: string }[];
  assert.equal(run!.status, "failed");
  assert.match(run!.error, /^Every question failed/);
});

test("a run is done only once its reports are written: report writing that fails leaves it unfinished; kill -9 while they are written too; the same command writes them with no call", async (t) => {
  // Long answers make reports of a few MB: writing them takes long enough to be caught in the act.
  const long = (prompt: string) => `${prompt} `.repeat(Math.ceil(3000 / (prompt.length + 1)));
  const llm = await startTestLlmServer({ reply: auditScript({ answer: long }).reply, models: ["m"] });
  t.after(() => llm.close());
  const dir = folder();
  const file = questionsFile(dir, 16);
  const env = cliEnv();
  const home = env.AUDITLLM_HOME!;
  const out = join(dir, "out");
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", llm.openaiBaseUrl, "-k", "2", "-c", "4", "-m", "lexical", "--out", out];

  // report.html cannot be written (a folder has its name): the run is not done.
  mkdirSync(join(out, "report.html"), { recursive: true });
  const blocked = await runCli(args, { env });
  assert.equal(blocked.code, 1, blocked.stderr);
  assert.notEqual(runState(home).status, "done", "not done without its reports");
  rmSync(join(out, "report.html"), { recursive: true });
  const calls = llm.requests.length;
  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(llm.requests.length, calls, "no call made again");
  for (const name of REPORTS) assert.ok(existsSync(join(out, name)), `${name} written`);
  assert.equal(runState(home).status, "done");

  // kill -9 while the final reports are being written (their temporary files are there): the run is not done yet.
  const out2 = join(dir, "out2");
  const args2 = [...args.slice(0, -1), out2, "--new"];
  let pid = 0;
  const killed = runCli(args2, { env, onSpawn: (c) => (pid = c.pid!) });
  await waitFor("the reports folder", () => existsSync(out2), Boolean);
  // The first final report's temporary file appears (inotify): kill -9 at once.
  await new Promise<void>((resolve) => {
    const watcher = watch(out2, (_event, name) => {
      if (!/^results\.csv\..*\.part$/.test(String(name))) return;
      process.kill(pid, "SIGKILL");
      watcher.close();
      resolve();
    });
  });
  await killed;
  const state = runState(home);
  assert.equal(state.status, "running", "killed while writing its reports: not done");
  assert.ok(!existsSync(join(out2, "report.html")), "report.html not written yet");
  const before = llm.requests.length;
  const same = await runCli(
    args2.filter((a) => a !== "--new"),
    { env },
  );
  assert.equal(same.code, 0, same.stderr);
  assert.equal(llm.requests.length, before, "no call made again");
  for (const name of REPORTS) assert.ok(existsSync(join(out2, name)), `${name} written`);
  assert.equal(runState(home, state.id).status, "done");
});
