import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder (the one whose package.json is named "auditllm"). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "auditllm") return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The read-only data folder beside the project ($AUDITLLM_SHARED_DATA overrides), or undefined when absent. */
export function sharedDataDir(): string | undefined {
  const dir = process.env.AUDITLLM_SHARED_DATA ?? resolve(repoRoot(), "..", "shared", "data");
  return existsSync(dir) ? dir : undefined;
}

/** A cache folder shared by all test processes of one checkout, so heavy derived files are built once. */
export function testCacheDir(): string {
  return process.env.AUDITLLM_CACHE ?? join(repoRoot(), ".tmp", "cache");
}
