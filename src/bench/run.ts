/**
 * `npm run bench`: how fast the pieces of an audit are, against an ideal where one exists.
 *   - start-up: `auditllm --help` (the lazy imports keep it fast)
 *   - GloVe: the binary cache's build (what a first run does) and load: time and peak memory
 *   - scoring: `score` throughput on the shipped example (30 questions × 11 answers)
 *   - ask: the whole pipeline against a local OpenAI-compatible server that answers after a fixed latency;
 *     ideal = the probe call + ceil(answers ÷ concurrency) × latency. Ratio 1.00 means no overhead at all.
 * Run: npm run build && node dist/bench/run.js
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createExecutor } from "../calls/executor.js";
import { cacheDir } from "../config/paths.js";
import { runAudit } from "../core/audit.js";
import type { AuditConfig } from "../core/types.js";
import { createLanguageModel } from "../providers/registry.js";
import { parseScoreLine } from "../score/input.js";
import { scoreLine } from "../score/score-line.js";
import { createMetric, isGloveCacheBuilt } from "../similarity/index.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { repoRoot } from "../testing/paths.js";

const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x: number) => `${x.toFixed(0)} ms`;
const rows: string[][] = [];
const report = (...cells: string[]) => {
  rows.push(cells);
  console.error(cells.join("  "));
};

function timeSpawn(args: string[], env: Record<string, string | undefined> = process.env): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return performance.now() - start;
}

// Start-up.
const help = median(Array.from({ length: 5 }, () => timeSpawn([CLI, "--help"])));
report("auditllm --help", ms(help), "median of 5 runs, process start included");

// GloVe cache: built from the package's JSON into an empty folder (what a first run does), then loaded, each in a fresh process.
const gloveModule = JSON.stringify(new URL("../similarity/glove.js", import.meta.url).href);
function gloveProcess(dir: string, prebuilt = true): { ms: number; wallMs: number; cpuMs: number; rss: number; peakRss: number } {
  const start = performance.now();
  const code = `const m = await import(${gloveModule}); const t = performance.now(); m.loadGlove({ cacheDir: ${JSON.stringify(dir)}${prebuilt ? "" : ", prebuiltDir: null"} }); const ms = performance.now() - t; const u = process.resourceUsage();
    console.log(JSON.stringify({ ms, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, rss: process.memoryUsage().rss, peakRss: u.maxRSS * 1024 }));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`GloVe load failed: ${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as { ms: number; cpuMs: number; rss: number; peakRss: number }), wallMs: performance.now() - start };
}
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const buildDir = mkdtempSync(join(tmpdir(), "auditllm-bench-glove-"));
const first = gloveProcess(buildDir);
report("GloVe first run (prebuilt cache)", ms(first.ms), `process ${ms(first.wallMs)} wall, ${ms(first.cpuMs)} CPU, peak RSS ${mb(first.peakRss)}; opens dist/glove/, written by npm run build`);
const build = gloveProcess(buildDir, false);
rmSync(buildDir, { recursive: true, force: true });
report("GloVe cache build (no prebuilt cache)", ms(build.ms), `process ${ms(build.wallMs)} wall, ${ms(build.cpuMs)} CPU, peak RSS ${mb(build.peakRss)}; streamed from the package's 307 MB JSON`);
const cache = cacheDir();
if (!isGloveCacheBuilt(cache)) gloveProcess(cache);
const glove = gloveProcess(cache);
report("GloVe cache load", ms(glove.ms), `process RSS after load ${mb(glove.rss)}, peak ${mb(glove.peakRss)}`);

// Scoring throughput (vectors already loaded once).
const metric = createMetric("hybrid", { cacheDir: cache });
await metric.pairwise(["warm up", "the vectors"]);
const lines = readFileSync(join(repoRoot(), "examples", "nq-open-30.jsonl"), "utf8")
  .trim()
  .split("\n");
const inputs = lines.map((l) => parseScoreLine(l)).flatMap((p) => (p.ok ? [p.value] : []));
const repeats = 10;
const start = performance.now();
for (let r = 0; r < repeats; r++) for (const [i, input] of inputs.entries()) await scoreLine(input, i + 1, metric);
const scoreMs = performance.now() - start;
const pairs = repeats * inputs.reduce((n, x) => n + (x.responses.length * (x.responses.length - 1)) / 2, 0);
report("score (hybrid)", `${((repeats * inputs.length) / (scoreMs / 1000)).toFixed(0)} questions/s`, `${(pairs / (scoreMs / 1000)).toFixed(0)} answer pairs/s, 11 answers a question`);

// The ask pipeline against a server with a fixed latency.
const LATENCY = 100;
const server = await startTestLlmServer({
  reply: (r) =>
    r.prompt.includes("Original question:")
      ? { text: Array.from({ length: 5 }, (_, i) => `${i + 1}. Where did fortune cookies come from, version ${i + 1}?`).join("\n"), delayMs: LATENCY }
      : { text: `Fortune cookies come from California (${r.prompt.length}).`, delayMs: LATENCY },
});
const model = createLanguageModel("openai-compatible:m", { env: {}, baseUrl: `${server.url}/v1`, cacheDir: cache });
async function pipeline(concurrency: number, samples: number): Promise<{ wall: number; ideal: number; calls: number }> {
  const config: AuditConfig = { target: "openai-compatible:m", prober: "openai-compatible:m", probeCount: 5, samples, temperature: 0.5, proberTemperature: 0, maxTokens: 200, diversity: "medium" };
  const executor = createExecutor({ model: () => model, concurrency });
  const before = server.requests.length;
  const t0 = performance.now();
  await runAudit({ question: `Where did fortune cookies originate? (${concurrency}/${samples}/${Math.random()})`, config }, { complete: executor.complete, metric });
  const calls = server.requests.length - before;
  return { wall: performance.now() - t0, ideal: LATENCY * (1 + Math.ceil((calls - 1) / concurrency)), calls };
}
await pipeline(6, 1);
for (const [concurrency, samples] of [
  [6, 1],
  [2, 1],
  [4, 3],
  [18, 3],
]) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await pipeline(concurrency, samples));
  const best = runs.reduce((a, b) => (a.wall < b.wall ? a : b));
  report(
    `ask pipeline, concurrency ${concurrency}, ${samples} sample(s)`,
    ms(best.wall),
    `ideal ${ms(best.ideal)} (${best.calls} calls × ${LATENCY} ms), ratio ${(best.wall / best.ideal).toFixed(2)}`,
  );
}

// The same through the CLI: process start, store, report. (Spawned asynchronously: the server lives in this process.)
const home = mkdtempSync(join(tmpdir(), "auditllm-bench-"));
function timeCli(args: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, AUDITLLM_HOME: home, AUDITLLM_CACHE: cache }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => child.on("close", (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(stderr)))));
}
const cliRuns: number[] = [];
for (let i = 0; i < 3; i++) cliRuns.push(await timeCli(["ask", `Where did fortune cookies originate? ${i}`, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "-c", "6", "--json"]));
const cliMs = median(cliRuns);
report("auditllm ask (CLI), concurrency 6", ms(cliMs), `ideal ${ms(2 * LATENCY)} of model time; the rest is start-up, GloVe load and SQLite`);
await server.close();

console.log("\n| measure | result | notes |\n|---|---|---|");
for (const [what, result, notes] of rows) console.log(`| ${what} | ${result} | ${notes} |`);
