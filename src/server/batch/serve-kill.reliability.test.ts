/**
 * Web-started batch runs with real processes: `auditllm serve` (built CLI), its run processes, the scripted LLM
 * server, one SQLite store, real kill -9. Four simultaneous starts on one upload are four runs, each
 * cancellable, none marked failed while its process runs. kill -9 of the server leaves its runs going (their
 * output is a log file, not a pipe to the dead server); a restarted server shows them running, cancels one
 * through the store, shows one whose process was killed as interrupted, and resumes it to the end.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { auditScript } from "../../testing/audit-script.js";
import { cliEnv, runCli, type CliResult } from "../../testing/cli.js";
import { startTestLlmServer } from "../../testing/llm-server.js";
import { peek, waitFor } from "../../testing/run-store.js";

interface Serve {
  url: string;
  child: ChildProcess;
  exited: Promise<CliResult>;
}

async function startServe(env: Record<string, string>, baseUrl: string): Promise<Serve> {
  let child: ChildProcess | undefined;
  let exited: Promise<CliResult> | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve did not print its address within 30 s")), 30_000);
    exited = runCli(["serve", "--port", "0", "--base-url", baseUrl], {
      env,
      onSpawn: (spawned) => {
        child = spawned;
        spawned.stdout!.on("data", (d: Buffer | string) => {
          const found = /auditllm web app: (http:\/\/127\.0\.0\.1:\d+)\//.exec(String(d));
          if (found) clearTimeout(timer), resolve(found[1]!);
        });
      },
    });
  });
  return { url, child: child!, exited: exited! };
}

interface Detail {
  id: string;
  status: string;
  live: boolean;
  interrupted: boolean;
  canCancel: boolean;
  canResume: boolean;
  error?: string;
  progress: { done: number; total: number };
}

const post = (url: string, body: unknown = {}) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const detail = async (serve: Serve, id: string) => (await (await fetch(`${serve.url}/api/batches/${id}`)).json()) as Detail;

async function upload(serve: Serve, questions: number): Promise<string> {
  const csv = `question\n${Array.from({ length: questions }, (_, i) => `What is fact ${i + 1} about owls?`).join("\n")}`;
  const up = await fetch(`${serve.url}/api/uploads?name=owls.csv`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: csv });
  assert.equal(up.status, 201, await up.clone().text());
  return ((await up.json()) as { uploadId: string }).uploadId;
}

/** The pids of the run processes that hold a lease in the home's store, by run. */
const owners = (home: string) => new Map((peek(home, (db) => db.prepare("SELECT run_id, pid FROM run_owners").all()) as { run_id: string; pid: number }[]).map((r) => [r.run_id, r.pid]));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const ENV = { AUDITLLM_LEASE_HEARTBEAT_MS: "200", AUDITLLM_LEASE_STALE_MS: "3000" };
const START = { targets: ["openai-compatible:m"], probes: 2, concurrency: 2, metric: "lexical" };

test("four simultaneous POST /api/batches on one upload: four distinct runs, each cancellable, none marked failed", async (t) => {
  const llm = await startTestLlmServer({ reply: auditScript({ latencyMs: 100 }).reply, models: ["m"] });
  t.after(() => llm.close());
  const env = cliEnv(ENV);
  const serve = await startServe(env, llm.openaiBaseUrl);
  t.after(() => serve.child.kill("SIGKILL"));
  const uploadId = await upload(serve, 30);
  const responses = await Promise.all(Array.from({ length: 4 }, () => post(`${serve.url}/api/batches`, { uploadId, ...START })));
  assert.deepEqual(
    responses.map((r) => r.status),
    [201, 201, 201, 201],
  );
  const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { runId: string }).runId));
  assert.equal(new Set(ids).size, 4, `four distinct run ids: ${ids.join(" ")}`);
  await waitFor(
    "every run under way",
    () => Promise.all(ids.map((id) => detail(serve, id))),
    (all) => all.every((d) => d.live && d.progress.done >= 1),
  );
  const cancels = await Promise.all(ids.map((id) => post(`${serve.url}/api/batches/${id}/cancel`)));
  assert.deepEqual(
    cancels.map((r) => r.status),
    [202, 202, 202, 202],
  );
  const ended = await waitFor(
    "every run stopped",
    () => Promise.all(ids.map((id) => detail(serve, id))),
    (all) => all.every((d) => d.status !== "running" && !d.live),
  );
  assert.deepEqual(
    ended.map((d) => d.status),
    ["cancelled", "cancelled", "cancelled", "cancelled"],
  );
  const reports = new Set(peek(env.AUDITLLM_HOME!, (db) => db.prepare("SELECT json_extract(config, '$.out') AS out FROM runs").all() as { out: string }[]).map((r) => r.out));
  assert.equal(reports.size, 4, "each run has its own reports folder");
  serve.child.kill("SIGTERM");
  assert.equal((await serve.exited).code, 0);
});

test("kill -9 of serve: its runs go on; a restarted server shows them running, cancels one through the store, shows a killed one interrupted and resumes it", async (t) => {
  const llm = await startTestLlmServer({ reply: auditScript({ latencyMs: 60 }).reply, models: ["m"] });
  t.after(() => llm.close());
  const env = cliEnv(ENV);
  const home = env.AUDITLLM_HOME!;
  const first = await startServe(env, llm.openaiBaseUrl);
  t.after(() => first.child.kill("SIGKILL"));
  const uploadId = await upload(first, 40);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await post(`${first.url}/api/batches`, { uploadId, ...START, probes: i + 1 });
    assert.equal(r.status, 201);
    ids.push(((await r.json()) as { runId: string }).runId);
  }
  const [keep, cancel, kill] = ids as [string, string, string];
  await waitFor(
    "every run under way",
    () => Promise.all(ids.map((id) => detail(first, id))),
    (all) => all.every((d) => d.progress.done >= 1),
  );
  const pids = owners(home);
  t.after(() => ids.forEach((id) => pids.get(id) && alive(pids.get(id)!) && process.kill(pids.get(id)!, "SIGKILL")));
  assert.deepEqual(
    ids.map((id) => pids.get(id) !== undefined && pids.get(id) !== first.child.pid),
    [true, true, true],
    "each run is owned by its own process",
  );

  first.child.kill("SIGKILL");
  await first.exited;
  const doneAtKill = (
    await waitFor(
      "progress after the server died",
      () => peek(home, (db) => db.prepare("SELECT count(*) AS n FROM items WHERE status != 'pending'").get() as { n: number }),
      () => true,
    )
  ).n;
  await waitFor(
    "the runs to go on without their server",
    () => peek(home, (db) => db.prepare("SELECT count(*) AS n FROM items WHERE status != 'pending'").get() as { n: number }).n,
    (n) => n >= doneAtKill + 6,
  );
  assert.ok(
    ids.every((id) => alive(pids.get(id)!)),
    "every run process outlived the server",
  );

  const second = await startServe(env, llm.openaiBaseUrl);
  t.after(() => second.child.kill("SIGKILL"));
  for (const id of ids) {
    const d = await detail(second, id);
    assert.deepEqual([d.status, d.live, d.interrupted, d.canCancel], ["running", true, false, true], `run ${id} shown running by the new server`);
  }
  // Cancel of a run another process works: asked through the store, the process stops it at its next heartbeat.
  const cancelled = await post(`${second.url}/api/batches/${cancel}/cancel`);
  assert.equal(cancelled.status, 202, await cancelled.clone().text());
  await waitFor(
    "the cancel to reach the run's process",
    () => detail(second, cancel),
    (d) => d.status === "cancelled",
  );
  await waitFor(
    "its process to exit",
    () => alive(pids.get(cancel)!),
    (a) => !a,
  );

  // A run whose process is killed: interrupted, resumable, and resumed to the end by this server.
  process.kill(pids.get(kill)!, "SIGKILL");
  const interrupted = await waitFor(
    "the killed run shown interrupted",
    () => detail(second, kill),
    (d) => d.interrupted,
  );
  assert.deepEqual([interrupted.status, interrupted.live, interrupted.canResume, interrupted.canCancel], ["running", false, true, true]);
  const list = (await (await fetch(`${second.url}/api/batches`)).json()) as { id: string; interrupted: boolean }[];
  assert.equal(list.find((r) => r.id === kill)?.interrupted, true, "the list shows it interrupted too");
  const resumed = await post(`${second.url}/api/batches/${kill}/resume`);
  assert.equal(resumed.status, 202, await resumed.clone().text());

  const finished = await waitFor(
    "both remaining runs to finish",
    () => Promise.all([detail(second, keep), detail(second, kill)]),
    (all) => all.every((d) => d.status !== "running"),
    60_000,
  );
  assert.deepEqual(
    finished.map((d) => [d.status, d.progress.done, d.progress.total]),
    [
      ["done", 40, 40],
      ["done", 40, 40],
    ],
  );
  const out = peek(home, (db) => (db.prepare("SELECT json_extract(config, '$.out') AS out FROM runs WHERE id = ?").get(keep) as { out: string }).out);
  assert.ok(existsSync(join(out, "report.html")), "the run that outlived its server wrote its reports");
  const log = readFileSync(join(out, "..", `run-${keep}.log`), "utf8");
  assert.match(log, new RegExp(`run ${keep}: done`), "its output went to its log file");
  second.child.kill("SIGTERM");
  assert.equal((await second.exited).code, 0);
});
