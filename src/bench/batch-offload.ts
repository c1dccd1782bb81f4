/**
 * Where a batch run started from the web app should work: in a child process, a worker thread, or on the
 * server's own event loop. The same stored run (questions on a scripted OpenAI-compatible server with a fixed
 * latency, the hybrid metric) is worked through each way while this process plays the server: it measures its
 * own event-loop delay (what every page request would wait), the time to the first finished question (the
 * start-up cost), and the wall time of the run.
 * Run: npm run build && node dist/bench/batch-offload.js [questions]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runBatch, startBatch } from "../app/batch/index.js";
import { cacheDir, databasePath } from "../config/paths.js";
import { getRun, itemCounts, openDatabase } from "../store/index.js";
import { auditScript } from "../testing/audit-script.js";
import { startTestLlmServer } from "../testing/llm-server.js";

const QUESTIONS = Number(process.argv[2] ?? 150);
const RUN_PROCESS = fileURLToPath(new URL("../server/batch/run-process.js", import.meta.url));
const llm = await startTestLlmServer({ reply: auditScript({ latencyMs: 50 }).reply, models: ["m"] });

type Mode = "child process" | "worker thread" | "server's event loop";

async function measure(mode: Mode) {
  const home = mkdtempSync(join(tmpdir(), "auditllm-bench-offload-"));
  const env = { ...process.env, AUDITLLM_HOME: home, AUDITLLM_CACHE: cacheDir(), OPENAI_COMPATIBLE_BASE_URL: llm.openaiBaseUrl };
  const input = join(home, "questions.txt");
  writeFileSync(input, Array.from({ length: QUESTIONS }, (_, i) => `What is the capital city of country number ${i + 1}?`).join("\n"));
  const db = openDatabase(databasePath(env));
  const runId = await startBatch(input, { target: "openai-compatible:m", probes: 3, concurrency: 8, out: join(home, "out") }, { db, env });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  let firstDone: number | undefined;
  const poll = setInterval(() => {
    if (firstDone === undefined && itemCounts(db, runId).done > 0) firstDone = performance.now() - started;
  }, 20);
  let finished: Promise<unknown>;
  if (mode === "child process") {
    const child = spawn(process.execPath, [RUN_PROCESS, runId], { env, stdio: "ignore" });
    finished = new Promise((resolve) => child.on("close", resolve));
  } else if (mode === "worker thread") {
    const worker = new Worker(RUN_PROCESS, { argv: [runId], env });
    finished = new Promise((resolve) => worker.on("exit", resolve));
  } else {
    finished = runBatch(runId, { db, env });
  }
  await finished;
  clearInterval(poll);
  delay.disable();
  const wall = performance.now() - started;
  const status = getRun(db, runId)?.status;
  db.close();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  return {
    mode,
    status,
    firstQuestionMs: Math.round(firstDone ?? Number.NaN),
    wallS: (wall / 1000).toFixed(1),
    loopP50: ms(delay.percentile(50)),
    loopP99: ms(delay.percentile(99)),
    loopMax: ms(delay.max),
  };
}

const rows = [];
for (const mode of ["child process", "worker thread", "server's event loop"] as Mode[]) rows.push(await measure(mode));
console.log(`${QUESTIONS} questions × 5 calls (50 ms each), concurrency 8, hybrid metric; event-loop delay of the serving process:`);
console.table(rows);
await llm.close();
