/**
 * Batch throughput against an ideal. A local OpenAI-compatible server answers every call after a fixed
 * latency and serves at most CAP calls at once, answering 429 above that (no Retry-After: the client
 * must find the cap itself). auditllm runs with a higher --concurrency than the cap, so it has to adapt.
 *   ideal = calls needed × latency ÷ CAP
 * Then the same run is killed with SIGKILL part-way and resumed: calls made in all against calls needed.
 * Run: npm run build && node dist/bench/batch.js [questions]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { samplePeakRss } from "./proc.js";
import Database from "better-sqlite3";
import { cacheDir } from "../config/paths.js";
import { auditScript } from "../testing/audit-script.js";
import { startTestLlmServer } from "../testing/llm-server.js";

const QUESTIONS = Number(process.argv[2] ?? 2000);
const LATENCY = 200;
const CAP = 32;
const CONCURRENCY = 48;
const CALLS_PER_QUESTION = 7;
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "auditllm-bench-batch-"));
const input = join(dir, "questions.txt");
writeFileSync(input, Array.from({ length: QUESTIONS }, (_, i) => `What is the capital city of country number ${i + 1}?`).join("\n") + "\n");

interface Outcome {
  wallMs: number;
  peakRssMb: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs the CLI, sampling its peak RSS (VmHWM) from /proc; `killWhen` may SIGKILL it part-way. */
function runCli(args: string[], home: string, killWhen?: () => boolean): Promise<Outcome> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, AUDITLLM_HOME: home, AUDITLLM_CACHE: cacheDir() }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const peak = samplePeakRss(child, 20, () => {
    if (killWhen?.()) child.kill("SIGKILL");
  });
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      const peakRssMb = peak.stop();
      if (code !== 0 && !signal) process.stderr.write(stderr);
      resolve({ wallMs: performance.now() - started, peakRssMb, code, signal });
    }),
  );
}

const script = auditScript({ latencyMs: LATENCY, cap: CAP });
const server = await startTestLlmServer({ reply: script.reply });
const needed = QUESTIONS * CALLS_PER_QUESTION;
const ideal = (needed * LATENCY) / CAP;
const args = (out: string) => ["batch", input, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "-c", String(CONCURRENCY), "--out", out];
const rows: string[][] = [];

// 1. One uninterrupted run.
const home1 = mkdtempSync(join(dir, "home-"));
const full = await runCli(args(join(home1, "out")), home1);
const made = server.requests.length;
const duplicates = made - script.stats.rateLimited - new Set(server.requests.filter((_, i) => i < made).map((r) => `${r.model} ${r.prompt}`)).size;
rows.push([
  `${QUESTIONS} questions × ${CALLS_PER_QUESTION} calls, uninterrupted`,
  `${(full.wallMs / 1000).toFixed(1)} s`,
  `${(ideal / 1000).toFixed(1)} s`,
  (full.wallMs / ideal).toFixed(3),
  `${script.stats.served} / ${needed}`,
  String(duplicates),
  String(script.stats.rateLimited),
  `${full.peakRssMb} MB`,
]);

// 2. Killed with SIGKILL at about 40%, then resumed.
const before = { served: script.stats.served, requests: server.requests.length, limited: script.stats.rateLimited };
const home2 = mkdtempSync(join(dir, "home-"));
const killed = await runCli(args(join(home2, "out")), home2, () => script.stats.served - before.served >= needed * 0.4);
const db = new Database(join(home2, "auditllm.db"), { readonly: true });
const { id } = db.prepare("SELECT id FROM runs ORDER BY created_at DESC LIMIT 1").get() as { id: string };
db.close();
const resumed = await runCli(["batch", "--resume", id, "--out", join(home2, "out")], home2);
const second = server.requests.slice(before.requests).filter((r) => r.inFlight <= CAP);
const served2 = script.stats.served - before.served;
const repeats = served2 - new Set(second.map((r) => `${r.model} ${r.prompt}`)).size;
const wall2 = killed.wallMs + resumed.wallMs;
rows.push([
  `same, SIGKILL at 40% then --resume (${killed.signal ?? killed.code} → ${resumed.code})`,
  `${(wall2 / 1000).toFixed(1)} s`,
  `${(ideal / 1000).toFixed(1)} s`,
  (wall2 / ideal).toFixed(3),
  `${served2} / ${needed}`,
  `${repeats} (in flight at the kill)`,
  String(script.stats.rateLimited - before.limited),
  `${Math.max(killed.peakRssMb, resumed.peakRssMb)} MB`,
]);
await server.close();

console.log(`\nLatency ${LATENCY} ms, server cap ${CAP} (429 above it, no Retry-After), --concurrency ${CONCURRENCY}.`);
console.log("\n| run | wall | ideal | ratio | calls answered / needed | repeated calls | 429s | peak RSS |\n|---|---|---|---|---|---|---|---|");
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
