/**
 * Batch runs of `auditllm serve` as a user meets them: the real serve stores the run and works through it in a
 * process of its own given nothing but the run id (keys only in its environment, never on its command line); stopping the server stops the run resumably; a server
 * started again on the same home shows the run from the store and resumes it to the end.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import test from "node:test";
import { auditScript } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";

const KEY = "sk-serve-batch-never-in-argv-71c3";

/** Starts `auditllm serve` and resolves with its address and a way to stop it (SIGTERM) and get its exit. */
async function startServe(args: string[], env: Record<string, string>): Promise<{ url: string; stop(): Promise<number | null> }> {
  let child: ChildProcess | undefined;
  let exited: ReturnType<typeof runCli> | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve did not print its address within 20 s")), 20_000);
    exited = runCli(["serve", "--port", "0", ...args], {
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
  return {
    url,
    async stop() {
      child!.kill("SIGTERM");
      const result = await exited!;
      assert.equal(result.code, 0, result.stderr);
      return result.code;
    },
  };
}

/** Reads `read()` every 100 ms until `done` holds (at most 30 s); the last value. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const end = Date.now() + 30_000;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** The command lines of this machine's processes that mention `text` (Linux /proc), or undefined elsewhere. */
function commandLines(text: string): string[] | undefined {
  if (!existsSync("/proc/self/cmdline")) return undefined;
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const line = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      if (line.includes(text)) found.push(line);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

test("serve runs a batch as a child process; stopping the server stops it resumably; the next server resumes it", async (t) => {
  const llm = await startTestLlmServer({ reply: auditScript({ latencyMs: 60 }).reply, models: ["m"] });
  t.after(() => llm.close());
  const env = cliEnv({ OPENAI_API_KEY: KEY });
  const first = await startServe(["--base-url", llm.openaiBaseUrl], env);
  const csv = "question\n" + Array.from({ length: 30 }, (_, i) => `What is fact ${i + 1} about owls?`).join("\n");
  const up = await fetch(`${first.url}/api/uploads?name=owls.csv`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: csv });
  const { uploadId } = (await up.json()) as { uploadId: string };
  const started = await fetch(`${first.url}/api/batches`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ uploadId, targets: ["openai-compatible:m"], probes: 2, concurrency: 2 }),
  });
  assert.equal(started.status, 201);
  const { runId } = (await started.json()) as { runId: string };
  const lines = commandLines(runId);
  if (lines) {
    const batch = lines.find((l) => l.includes("run-process.js"));
    assert.ok(batch, "the run's process runs");
    assert.match(batch, new RegExp(`run-process\\.js ${runId} ?$`), "its command line is the run id, nothing else");
    assert.ok(!commandLines(KEY)!.length, "the key is not on any command line");
  }
  const detail = async (url: string) => (await (await fetch(`${url}/api/batches/${runId}`)).json()) as { status: string; live: boolean; canResume: boolean; progress: { done: number; total: number } };
  await until(
    () => detail(first.url),
    (d) => d.progress.done >= 2,
  );
  await first.stop();

  const second = await startServe(["--base-url", llm.openaiBaseUrl], env);
  t.after(() => second.stop().catch(() => undefined));
  let seen = await until(
    () => detail(second.url),
    (d) => d.status !== "running",
  );
  assert.equal(seen.status, "cancelled", "the first server stopped its run cleanly");
  assert.ok(seen.progress.done >= 2 && seen.progress.done < 30);
  assert.equal(seen.live, false);
  assert.equal(seen.canResume, true);
  const resumed = await fetch(`${second.url}/api/batches/${runId}/resume`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(resumed.status, 202);
  seen = await until(
    () => detail(second.url),
    (d) => d.status !== "running" && !d.live,
  );
  assert.equal(seen.status, "done");
  assert.deepEqual([seen.progress.done, seen.progress.total], [30, 30]);
});
