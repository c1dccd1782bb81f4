/**
 * One owner per run, with real processes: the built CLI against the scripted LLM server, one SQLite store,
 * real kill -9 and SIGSTOP. A second process on a running run refuses naming its owner (or waits, with
 * --wait-for-owner), and the provider sees one process's calls; an owner killed outright is taken over at
 * once (its process is gone); an owner that stops answering is taken over once its lease is stale, and,
 * woken again, stops without touching the run.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript } from "../testing/audit-script.js";
import { cliEnv, runCli, type CliResult } from "../testing/cli.js";
import { startTestLlmServer, type TestLlmServer } from "../testing/llm-server.js";
import { questionsFile, runState, waitFor } from "../testing/run-store.js";

const QUESTIONS = 16;
/** Each question: one prober call and three answers (the question and two probes). */
const CALLS = QUESTIONS * 4;

async function setup(t: test.TestContext, latencyMs: number, extraEnv: Record<string, string> = {}) {
  const script = auditScript({ latencyMs });
  const llm = await startTestLlmServer({ reply: script.reply, models: ["m"] });
  t.after(() => llm.close());
  const dir = mkdtempSync(join(tmpdir(), "auditllm-owner-"));
  const file = questionsFile(dir, QUESTIONS);
  const env = cliEnv(extraEnv);
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", llm.openaiBaseUrl, "-k", "2", "-c", "2", "-m", "lexical", "--out", join(dir, "out")];
  return { llm, script, dir, env, home: env.AUDITLLM_HOME!, args };
}

/** Starts a CLI process and returns it with its result to come. */
function start(args: string[], env: Record<string, string>): { child: () => ChildProcess; result: Promise<CliResult> } {
  let child: ChildProcess | undefined;
  const result = runCli(args, { env, onSpawn: (c) => (child = c) });
  return { child: () => child!, result };
}

const chatKeys = (llm: TestLlmServer) => llm.requests.filter((r) => r.kind === "chat").map((r) => JSON.stringify([r.model, r.prompt]));

test("a second process on a running run refuses naming its owner (pid, host, since); with --wait-for-owner it waits; the provider sees one process's calls", async (t) => {
  // A slow provider while the second and third processes are checked, a fast one after.
  const { llm, script, env, home, args } = await setup(t, 400);
  const first = start(args, env);
  const owned = await waitFor(
    "the first process to own the run",
    () => runState(home),
    (s) => s.ownerPid === first.child().pid && s.done >= 1,
  );
  const waiter = start([...args, "--wait-for-owner"], env);
  let waiterSaid = "";
  waiter.child().stderr!.on("data", (d: string) => (waiterSaid += d));

  const second = await runCli(args, { env });
  assert.equal(second.code, 1, second.stderr);
  const pid = first.child().pid!;
  assert.match(
    second.stderr,
    new RegExp(`Run ${owned.id} is being worked by process ${pid} on ${hostname()} since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(last heartbeat \\d+ s ago\\)\\..*--wait-for-owner`),
  );
  const resumed = await runCli(["batch", "--resume", owned.id!], { env });
  assert.equal(resumed.code, 1, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`is being worked by process ${pid}`), "--resume refuses too");
  await waitFor(
    "the waiter to wait",
    () => waiterSaid,
    (said) => said.includes("waiting for it"),
  );
  script.setLatency(10);

  const [a, c] = await Promise.all([first.result, waiter.result]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, new RegExp(`Run ${owned.id} is being worked by process ${pid} on .*: waiting for it \\(--wait-for-owner\\)`));
  assert.match(c.stdout, new RegExp(`Run ${owned.id} is complete\\.`), "the waiter found the run finished and made no call");
  const keys = chatKeys(llm);
  assert.equal(keys.length, CALLS, `${keys.length} calls for ${CALLS} needed`);
  assert.equal(new Set(keys).size, CALLS, "no call made twice");
  assert.equal(runState(home, owned.id).status, "done");
  assert.equal(runState(home, owned.id).ownerPid, undefined, "the lease is released at the end");
});

test("kill -9 of the owner: `runs` shows the run interrupted with its resume command; the lease is taken over at once and no finished call is made again", async (t) => {
  const { llm, env, home, args } = await setup(t, 40);
  const first = start(args, env);
  const owned = await waitFor(
    "a few questions done",
    () => runState(home),
    (s) => s.ownerPid === first.child().pid && s.done >= 4,
  );
  first.child().kill("SIGKILL");
  await first.result;
  assert.equal(runState(home, owned.id).status, "running", "killed outright: nothing could mark it");

  const listed = await runCli(["runs"], { env });
  assert.match(listed.stdout, new RegExp(`^${owned.id}  batch  interrupted  questions\\.txt`, "m"));
  assert.match(listed.stdout, new RegExp(`continue it with auditllm batch --resume ${owned.id}`));
  const json = JSON.parse((await runCli(["runs", "--json"], { env })).stdout) as { id: string; status: string; interrupted?: boolean; resume?: string }[];
  assert.deepEqual(
    json.map((r) => [r.id, r.status, r.interrupted, r.resume]),
    [[owned.id, "running", true, `auditllm batch --resume ${owned.id}`]],
  );

  const started = Date.now();
  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stderr);
  assert.ok(Date.now() - started < 20_000, "no wait for a stale heartbeat: the owner's process is gone");
  assert.match(again.stderr, new RegExp(`Took run ${owned.id} over from process ${first.child().pid}`));
  const keys = chatKeys(llm);
  assert.equal(new Set(keys).size, CALLS, "every call needed was made");
  assert.ok(keys.length <= CALLS + 2, `${keys.length} calls for ${CALLS} needed (at most the 2 in flight at the kill again)`);
  assert.equal(runState(home, owned.id).status, "done");
  assert.ok(existsSync(join(args.at(-1)!, "report.html")));
});

test("an owner that stops answering (SIGSTOP) is taken over once its heartbeat is stale; woken, it stops without touching the run", async (t) => {
  const { llm, env, home, args } = await setup(t, 60, { AUDITLLM_LEASE_STALE_MS: "2500", AUDITLLM_LEASE_HEARTBEAT_MS: "200" });
  const first = start(args, env);
  const owned = await waitFor(
    "a few questions done",
    () => runState(home),
    (s) => s.ownerPid === first.child().pid && s.done >= 2,
  );
  first.child().kill("SIGSTOP");
  t.after(() => first.child().kill("SIGKILL"));

  // Its process lives (frozen): only a heartbeat older than 2.5 s lets another take the run over.
  const second = await runCli(["batch", "--resume", owned.id!, "--wait-for-owner"], { env });
  assert.equal(second.code, 0, second.stderr);
  const took = new RegExp(`Took run ${owned.id} over from process ${first.child().pid} on .* \\(last heartbeat (\\d+) s ago\\), which stopped answering`).exec(second.stderr);
  assert.ok(took, second.stderr);
  assert.ok(Number(took[1]) >= 3, `taken over only once stale (heartbeat ${took[1]} s old)`);
  assert.equal(runState(home, owned.id).status, "done");

  first.child().kill("SIGCONT");
  const woken = await first.result;
  assert.equal(woken.code, 1, woken.stderr);
  assert.match(woken.stderr, new RegExp(`Run ${owned.id} was taken over by (process \\d+|another process); this one stops`));
  assert.equal(runState(home, owned.id).status, "done", "the woken process did not mark the run");
  const keys = chatKeys(llm);
  assert.equal(new Set(keys).size, CALLS, "every call needed was made");
  assert.ok(keys.length <= CALLS + 2, `${keys.length} calls for ${CALLS} needed`);
});
