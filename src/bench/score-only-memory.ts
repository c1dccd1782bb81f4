/**
 * Peak memory of a score-only batch (issue 14, point 5: "the 50k-row score-only run stays under its peak").
 * Writes a generated file of ROWS questions (default 50,000), each bringing 4 answers, so the run is pure
 * scoring, storing and reporting; runs the built CLI on it (a fresh AUDITLLM_HOME, all four reports) and prints
 * its peak RSS (VmHWM, sampled every 100 ms), wall and CPU time.
 * Give another build's CLI to compare on the same file: `node dist/bench/score-only-memory.js 50000 /path/to/dist/cli/main.js`.
 * Not part of `npm run bench` (a 50,000-row run takes a minute or more here).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childrenCpuMs, samplePeakRss } from "./proc.js";

const ROWS = Number(process.argv[2] ?? 50_000);
const CLI = process.argv[3] ?? fileURLToPath(new URL("../cli/main.js", import.meta.url));

const topics = ["owls", "the Moon", "glaciers", "copper", "the Nile", "honey bees", "volcanoes", "the piano", "tea", "comets", "Mars", "salmon", "oak trees", "the Roman Empire", "jazz", "penguins"];
const verbs = ["is known for", "was first described by", "depends on", "is larger than", "contains", "changes with", "was named after", "is older than"];
const objects = [
  "its long history",
  "the scientist Ada Lovelace",
  "the temperature of the water",
  "about 42 percent of the total",
  "several rare minerals",
  "the season of the year",
  "a city in Italy",
  "the invention of paper",
];

/** Row i: a question and 4 answers that agree in part (so every scoring step has work to do). */
function row(i: number): string {
  const topic = topics[i % topics.length]!;
  const subject = topic[0]!.toUpperCase() + topic.slice(1);
  const responses = [0, 1, 2, 3].map(
    (k) =>
      `${subject} ${verbs[(i + k) % 8]} ${objects[(i * 7 + k * 3) % 8]}. It has been studied since ${1800 + ((i + k * 13) % 200)}, and ${k % 2 ? "most experts agree" : "some sources dispute"} that ${objects[(i + k) % 8]} matters.`,
  );
  return JSON.stringify({ question: `Question ${i}: what is notable about ${topic} number ${i % 997}?`, responses });
}

const dir = mkdtempSync(join(tmpdir(), "auditllm-bench-memory-"));
const input = join(dir, "rows.jsonl");
writeFileSync(input, `${Array.from({ length: ROWS }, (_, i) => row(i)).join("\n")}\n`);

const cpuBefore = childrenCpuMs();
const started = performance.now();
const child = spawn(process.execPath, [CLI, "batch", input, "--out", join(dir, "out")], { env: { ...process.env, AUDITLLM_HOME: join(dir, "home") }, stdio: ["ignore", "ignore", "pipe"] });
let stderr = "";
child.stderr.on("data", (d) => (stderr += d));
const peak = samplePeakRss(child, 100);
const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
const peakMb = peak.stop();
rmSync(dir, { recursive: true, force: true });
if (code !== 0) {
  console.error(stderr);
  process.exit(1);
}
const wallS = (performance.now() - started) / 1000;
console.log(`${ROWS} score-only rows (4 answers each), ${CLI}: peak RSS ${peakMb} MB, ${wallS.toFixed(1)} s wall, ${((childrenCpuMs() - cpuBefore) / 1000).toFixed(1)} s CPU`);
