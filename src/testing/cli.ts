/** Runs the built `auditllm` command as a user would, with a private home folder. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testCacheDir } from "./paths.js";

export const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const homes: string[] = [];
process.once("exit", () => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

/**
 * A fresh AUDITLLM_HOME (removed when the test process exits), the shared test cache, no colour, no real
 * Ollama, keys or proxies from the machine, and `hybrid` as the default metric whatever encoders the
 * cache holds (AUDITLLM_METRIC: "" restores the cache-dependent default).
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), "auditllm-home-"));
  homes.push(home);
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AUDITLLM_HOME: home,
    AUDITLLM_CACHE: testCacheDir(),
    NO_COLOR: "1",
    OLLAMA_HOST: "127.0.0.1:9",
    AUDITLLM_METRIC: "hybrid",
    ...extra,
  };
}

export function runCli(args: string[], options: { env: Record<string, string>; input?: string; cwd?: string; onSpawn?: (child: ReturnType<typeof spawn>) => void }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
    options.onSpawn?.(child);
  });
}
