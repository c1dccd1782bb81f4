/**
 * Unusable output paths, through the built CLI: `--out` or AUDITLLM_HOME under /proc (where Node's recursive
 * mkdir spins forever), or a file where a folder is expected. Pass condition: exit 1 within 10 s with a message
 * naming the path and what is wrong; never a hang.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { cliEnv, runCli, type CliResult } from "../testing/cli.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-outpath-"));
const questions = join(dir, "q.txt");
writeFileSync(questions, "What is the capital city of France?\n");
const aFile = join(dir, "a-file");
writeFileSync(aFile, "not a folder");

async function timed(args: string[], env: Record<string, string>): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const result = await Promise.race([runCli(args, { env }), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("still running after 10 s")), 10_000).unref())]);
  return { ...result, ms: Date.now() - started };
}

const batch = (out: string) => ["batch", questions, "-t", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1", "--retries", "0", "--out", out];

test("--out under /proc fails within 10 s with exit 1 and 'cannot be created'", { skip: process.platform !== "linux" && "needs /proc" }, async () => {
  const r = await timed(batch("/proc/auditllm-out"), cliEnv());
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /the output folder \/proc\/auditllm-out cannot be created/);
});

test("AUDITLLM_HOME under /proc fails within 10 s with exit 1 and names the data folder", { skip: process.platform !== "linux" && "needs /proc" }, async () => {
  const r = await timed(["runs"], cliEnv({ AUDITLLM_HOME: "/proc/auditllm-home" }));
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /the data folder \(AUDITLLM_HOME\) \/proc\/auditllm-home cannot be created/);
});

test("a file where a folder is expected (--out, a parent of --out, AUDITLLM_HOME) fails with exit 1 and 'is a file, not a folder'", async () => {
  for (const [args, env] of [
    [batch(aFile), cliEnv()],
    [batch(join(aFile, "sub")), cliEnv()],
    [["runs"], cliEnv({ AUDITLLM_HOME: aFile })],
  ] as const) {
    const r = await timed([...args], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /a-file is a file, not a folder/);
  }
});
