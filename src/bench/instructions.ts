/**
 * The throughput bench's fast run (300 TruthfulQA questions, 5 probes, 64 at once, a server that answers at
 * once) counted in machine instructions instead of seconds: the built CLI runs under valgrind's cachegrind
 * with V8 on one thread (`--single-threaded`: the compiler's and the collector's work is counted as well, in
 * one order), so two builds compare to within ~0.5% however busy the machine is, where CPU time moves by
 * 10–25% between runs minutes apart on these shared cores. Counts user-space instructions only: the kernel's
 * share (socket and file writes, ~10% of the CPU time) is not in it. About a minute a build (builds run side
 * by side). Needs valgrind (`apt-get install valgrind`); not part of `npm run bench`.
 *   node dist/bench/instructions.js                          this build
 *   node dist/bench/instructions.js /other/dist/cli/main.js  this build and another, and their ratio
 * AUDITLLM_BENCH_NODE_ARGS adds node flags (e.g. AUDITLLM_V8_FLAGS-like trials: "--max-inlined-bytecode-size=100 …").
 * The runs share the user's cache folder, so the code cache (cli/code-cache.ts) serves them as it serves a
 * user: the first run of a build (or of new flags) compiles and writes it, about 5% more instructions; count
 * the second.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../config/paths.js";
import { auditScript } from "../testing/audit-script.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { batchArgs, CONCURRENCY, questionsCsv } from "./workload.js";

const QUESTIONS = Number(process.env.AUDITLLM_BENCH_QUESTIONS ?? 300);
const NODE_ARGS = (process.env.AUDITLLM_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const CLIS = [fileURLToPath(new URL("../cli/main.js", import.meta.url)), ...process.argv.slice(2)];

if (spawnSync("valgrind", ["--version"]).error) {
  console.error("instructions: valgrind is not installed (apt-get install valgrind)");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "auditllm-bench-instructions-"));
const { csv, source } = questionsCsv(QUESTIONS);
const input = join(dir, "questions.csv");
writeFileSync(input, csv);
console.error(`workload: ${source}; ${CLIS.length} build(s) side by side under valgrind (about a minute)`);

/** The instructions one batch run of `cli` executes, and the calls it made. */
async function count(cli: string, n: number): Promise<{ instructions: number; calls: number }> {
  const script = auditScript({ latencyMs: 0, cap: CONCURRENCY });
  const server = await startTestLlmServer({ reply: script.reply });
  const home = mkdtempSync(join(dir, `home-${n}-`));
  try {
    const valgrind = ["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", "--smc-check=all-non-file"];
    const args = batchArgs(input, server.openaiBaseUrl, join(home, "out"));
    const child = spawn("valgrind", [...valgrind, process.execPath, "--single-threaded", ...NODE_ARGS, cli, ...args], {
      env: { ...process.env, AUDITLLM_HOME: home, AUDITLLM_CACHE: cacheDir() },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr);
    if (code !== 0 || !refs) throw new Error(`${cli} exited with ${code}:\n${stderr.slice(-2000)}`);
    return { instructions: Number(refs[1]!.replace(/,/g, "")), calls: script.stats.served };
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

try {
  const results = await Promise.all(CLIS.map((cli, n) => count(cli, n)));
  const [first] = results;
  results.forEach(({ instructions, calls }, n) => {
    const vs = n > 0 ? `, ${(instructions / first!.instructions).toFixed(3)}× the first` : "";
    console.log(`${CLIS[n]}: ${(instructions / 1e9).toFixed(3)} G instructions, ${calls} calls, ${Math.round(instructions / calls / 1000)} k a call${vs}`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
