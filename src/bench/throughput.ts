/**
 * The client's own cost per call (issue 14). `auditllm batch` (the built CLI, a child process) audits 300
 * TruthfulQA questions (from ../shared/data when present, else 300 generated ones with reference answers)
 * with 5 probes each against a local OpenAI-compatible server living in this process:
 *   1. the server answers at once: the child's CPU time (user + sys, start-up, scoring, SQLite and reports
 *      included) divided by the calls made is what auditllm spends per call;
 *   2. the server answers after 100 ms and serves 64 calls at once (429 above): ideal = calls × 100 ms ÷ 64,
 *      and the ratio wall ÷ ideal is what the client adds. This run alone preloads loop-delay.ts, which prints
 *      how long the event loop was held up while calls were made and the time before the first call and
 *      after the last answer (its 2 ms timer and HTTP hooks cost CPU: run 1 goes without them).
 * Each is run RUNS times (default 3); the table shows the median and the range.
 * The child's CPU comes from this process's cutime + cstime (/proc/self/stat, Linux), which count a child
 * once it has exited: the runs are one at a time.
 * Run: npm run build && node dist/bench/throughput.js [runs]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../config/paths.js";
import { auditScript } from "../testing/audit-script.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { childrenCpuMs, samplePeakRss } from "./proc.js";
import { batchArgs, CONCURRENCY, PROBES, questionsCsv } from "./workload.js";

const QUESTIONS = Number(process.env.AUDITLLM_BENCH_QUESTIONS ?? 300);
const SLOW_MS = 100;
const RUNS = Number(process.argv[2] ?? 3);
/** Extra node flags for the CLI child, e.g. AUDITLLM_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = (process.env.AUDITLLM_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** Only one of the two servers: "fast" or "slow" (default both). */
const ONLY = process.env.AUDITLLM_BENCH_ONLY;
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
/** Prints the CLI's event-loop delay as it exits (loop-delay.ts). */
const LOOP_DELAY = fileURLToPath(new URL("./loop-delay.js", import.meta.url));

interface Outcome {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  /** The CLI's event-loop delay, p99 and max, in ms. */
  loopP99: number;
  loopMax: number;
  /** From the process's start to its first call, from the first call to the last answer, and from then to its exit, in ms. */
  phases: [before: number, calls: number, after: number];
  stderr: string;
}

/** `watch`: preload loop-delay.ts (its timer and HTTP hooks cost CPU, so the CPU-per-call run goes without). */
function runCli(args: string[], home: string, watch: boolean): Promise<Outcome> {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_ARGS, ...(watch ? ["--import", LOOP_DELAY] : []), CLI, ...args], {
    env: { ...process.env, AUDITLLM_HOME: home, AUDITLLM_CACHE: cacheDir() },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const peak = samplePeakRss(child, 50);
  return new Promise((resolve, reject) =>
    child.on("close", (code) => {
      const peakRssMb = peak.stop();
      const delay = /loop delay: p50 [\d.]+ p99 ([\d.]+) max ([\d.]+) ms/.exec(stderr);
      if (code !== 0) reject(new Error(`auditllm exited with ${code}:\n${stderr}`));
      else
        resolve({
          wallMs: performance.now() - started,
          cpuMs: childrenCpuMs() - cpuBefore,
          peakRssMb,
          loopP99: Number(delay?.[1] ?? Number.NaN),
          loopMax: Number(delay?.[2] ?? Number.NaN),
          phases: phasesOf(stderr),
          stderr,
        });
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), "auditllm-bench-throughput-"));
const { csv, source } = questionsCsv(QUESTIONS);
const input = join(dir, "questions.csv");
writeFileSync(input, csv);

/** One batch run against a fresh server: the calls it made, its wall and CPU time. */
async function measure(latencyMs: number) {
  const script = auditScript({ latencyMs, cap: CONCURRENCY });
  const server = await startTestLlmServer({ reply: script.reply });
  const home = mkdtempSync(join(dir, "home-"));
  try {
    const args = batchArgs(input, server.openaiBaseUrl, join(home, "out"));
    const outcome = await runCli(args, home, latencyMs > 0);
    const calls = script.stats.served;
    return { ...outcome, calls, rateLimited: script.stats.rateLimited, ideal: (calls * latencyMs) / CONCURRENCY };
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const range = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

// Said first: a copy of the build outside the project finds no ../shared/data and audits generated questions,
// a lighter workload (AUDITLLM_SHARED_DATA points it at the data).
console.error(`workload: ${source}`);
const fast = [];
const slow = [];
for (let i = 0; i < RUNS; i++) {
  fast.push(ONLY === "slow" ? { wallMs: 0, cpuMs: 0, calls: 1, ideal: 0, peakRssMb: 0, loopP99: 0, loopMax: 0, phases: [0, 0, 0], stderr: "", rateLimited: 0 } : await measure(0));
  slow.push(ONLY === "fast" ? { wallMs: 0, cpuMs: 0, calls: 1, ideal: 1, peakRssMb: 0, loopP99: 0, loopMax: 0, phases: [0, 0, 0], stderr: "", rateLimited: 0 } : await measure(SLOW_MS));
  const [f, s] = [fast.at(-1)!, slow.at(-1)!];
  console.error(
    `run ${i + 1}: at once ${f.calls} calls, ${(f.wallMs / 1000).toFixed(2)} s wall, ${(f.cpuMs / f.calls).toFixed(2)} ms CPU/call, loop delay p99 ${f.loopP99} max ${f.loopMax} ms · 100 ms: ${(s.wallMs / 1000).toFixed(2)} s, ratio ${(s.wallMs / s.ideal).toFixed(2)}, ${s.rateLimited} calls refused (429), ${(s.cpuMs / s.calls).toFixed(2)} ms CPU/call, loop delay p99 ${s.loopP99} max ${s.loopMax} ms, phases ${s.phases.map((ms) => (ms / 1000).toFixed(2)).join(" / ")} s`,
  );
  const warnings = [f, s].flatMap((o) => o.stderr.split("\n").filter((l) => /Warning/.test(l)));
  if (warnings.length) console.error(warnings.join("\n"));
}
rmSync(dir, { recursive: true, force: true });

/** The phases loop-delay.ts prints as the CLI exits. */
function phasesOf(stderr: string): Outcome["phases"] {
  const m = /calls: first sent (\d+) ms after start, last answered (\d+) ms, exit (\d+) ms/.exec(stderr);
  if (!m) return [Number.NaN, Number.NaN, Number.NaN];
  const [first, last, exit] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return [first, last - first, exit - last];
}

/** Whether the runs were watched by loop-delay.ts (the 100 ms server's). */
const watched = (runs: { loopP99: number }[]) => runs.every((o) => Number.isFinite(o.loopP99));

const cpuPerCall = (o: { cpuMs: number; calls: number }) => o.cpuMs / o.calls;
console.log(`\n${source}, ${PROBES} probes each, --concurrency ${CONCURRENCY}, ${RUNS} run(s): median (range).`);
console.log("\n| server | calls | wall | ideal | ratio | CPU | CPU per call | loop delay p99 / max | start / calls / end | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|");
for (const [name, runs] of [
  ["answers at once", fast],
  [`answers after ${SLOW_MS} ms, ${CONCURRENCY} slots`, slow],
] as const) {
  const ratio = runs.map((o) => o.wallMs / Math.max(o.ideal, 1));
  console.log(
    `| ${name} | ${median(runs.map((o) => o.calls))} | ${(median(runs.map((o) => o.wallMs)) / 1000).toFixed(2)} s (${range(
      runs.map((o) => o.wallMs / 1000),
      2,
    )}) | ${runs[0]!.ideal ? `${(median(runs.map((o) => o.ideal)) / 1000).toFixed(2)} s` : "–"} | ${runs[0]!.ideal ? `${median(ratio).toFixed(2)} (${range(ratio, 2)})` : "–"} | ${(median(runs.map((o) => o.cpuMs)) / 1000).toFixed(2)} s | ${median(runs.map(cpuPerCall)).toFixed(2)} ms (${range(runs.map(cpuPerCall), 2)}) | ${watched(runs) ? `${median(runs.map((o) => o.loopP99))} / ${median(runs.map((o) => o.loopMax))} ms` : "–"} | ${watched(runs) ? `${[0, 1, 2].map((k) => (median(runs.map((o) => o.phases[k]!)) / 1000).toFixed(2)).join(" / ")} s` : "–"} | ${median(runs.map((o) => o.peakRssMb))} MB |`,
  );
}
