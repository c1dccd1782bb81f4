// Runs every compiled test (dist/**/*.test.js) with node's test runner; the last line is "N passed, N failed".
// Usage: node scripts/test.mjs [path-filter...]   e.g. node scripts/test.mjs probes
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const filters = process.argv.slice(2);

function collect(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

const files = collect(dist)
  .filter((f) => filters.length === 0 || filters.some((x) => relative(dist, f).includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files found under dist/ (did the build run?)");
  process.exit(1);
}
const reporter = new URL("./test-summary-reporter.mjs", import.meta.url).pathname;
const result = spawnSync(
  process.execPath,
  ["--enable-source-maps", "--test", "--test-reporter=spec", "--test-reporter-destination=stdout", `--test-reporter=${reporter}`, "--test-reporter-destination=stdout", ...files],
  { stdio: "inherit", env: { ...process.env, NO_COLOR: process.env.NO_COLOR ?? "1" } },
);
process.exit(result.status ?? 1);
