/**
 * The command as users start it: `npx auditllm` runs `sh -c auditllm` with the package's bin folder on PATH,
 * where `auditllm` is a symlink to the file package.json names. So the built file must be executable and
 * start itself (its #! line), from any folder and through a symlink; a rebuild must not lose that.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test, { after } from "node:test";
import { cliEnv } from "../testing/cli.js";
import { repoRoot } from "../testing/paths.js";

const pkg = JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
const binDir = mkdtempSync(join(tmpdir(), "auditllm-bin-"));
after(() => rmSync(binDir, { recursive: true, force: true }));

test("package.json's bin is built executable, with a #! line for node", () => {
  assert.deepEqual(Object.keys(pkg.bin), ["auditllm"]);
  const file = join(repoRoot(), pkg.bin.auditllm!);
  assert.ok(statSync(file).mode & 0o100, `${file} is not executable (mode ${(statSync(file).mode & 0o777).toString(8)})`);
  accessSync(file, constants.X_OK);
  assert.match(readFileSync(file, "utf8").split("\n")[0]!, /^#!\/usr\/bin\/env node$/);
});

test("`auditllm` runs through a bin-folder symlink from the shell, as npx runs it", () => {
  symlinkSync(join(repoRoot(), pkg.bin.auditllm!), join(binDir, "auditllm"));
  const env = { ...cliEnv(), PATH: `${binDir}:${process.env.PATH ?? ""}` };
  const version = spawnSync("sh", ["-c", "auditllm --version"], { env, cwd: tmpdir(), encoding: "utf8" });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = spawnSync("sh", ["-c", "auditllm --help"], { env, cwd: tmpdir(), encoding: "utf8" });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: auditllm /);
  const score = spawnSync("sh", ["-c", `auditllm score ${join(repoRoot(), "examples", "nq-open-30.jsonl")} | head -1`], { env, cwd: tmpdir(), encoding: "utf8" });
  assert.equal(score.status, 0, score.stderr);
  assert.match(score.stdout, /^\{"id":.*"consistency":0\.\d+/);
});
