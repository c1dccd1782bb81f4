/**
 * scripts/models.mjs (`npm run models`), run with a folder of test step files: it puts what a step makes
 * in place only when every sha256 matches, does nothing the second time, and writes into the cache folder
 * the CLI computes. The real steps (scripts/models/*.mjs) are exercised by `npm run models` itself.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { cacheDir } from "../config/paths.js";
import { repoRoot } from "../testing/paths.js";

const SCRIPT = join(repoRoot(), "scripts", "models.mjs");
const dir = mkdtempSync(join(tmpdir(), "auditllm-models-script-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}), ...env },
  });

/** A step file: `good` writes what it promises (counting its runs), `bad` writes other bytes, `free` has no fixed checksum. */
function writeSteps(folder: string) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, "test.mjs"),
    `import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
const put = (ctx, path, text) => { mkdirSync(dirname(join(ctx.staging, path)), { recursive: true }); writeFileSync(join(ctx.staging, path), text); };
const count = (ctx, id) => appendFileSync(join(ctx.modelsDir, "..", "runs.txt"), id + "\\n");
export const steps = [
  { id: "good", kind: "llm", small: true, summary: "a small good one", files: [{ path: "good.gguf", sha256: "${sha("GGUF good")}" }],
    fetch: async (ctx) => { count(ctx, "good"); put(ctx, "good.gguf", "GGUF good"); } },
  { id: "bad", kind: "llm", small: false, summary: "bytes that are not what it says", files: [{ path: "bad.gguf", sha256: "${sha("GGUF expected")}" }],
    fetch: async (ctx) => { count(ctx, "bad"); put(ctx, "bad.gguf", "GGUF tampered"); } },
  { id: "free", kind: "encoder", small: false, summary: "a conversion", files: [{ path: "org/enc/onnx/model.onnx" }],
    fetch: async (ctx) => { count(ctx, "free"); put(ctx, "org/enc/onnx/model.onnx", "onnx " + Date.now()); } },
];
`,
  );
}

test("--where is the CLI's cache folder + /models", () => {
  for (const env of [{ AUDITLLM_CACHE: "/x/cache" }, { AUDITLLM_HOME: "/y/home" }, {}] as Record<string, string>[]) {
    const result = run(["--where"], env);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), join(cacheDir(env), "models"));
  }
});

test("fetches, checks sha256 before anything is put in place, and is idempotent", () => {
  const steps = join(dir, "steps");
  writeSteps(steps);
  const cache = join(dir, "cache");
  const env = { AUDITLLM_CACHE: cache, AUDITLLM_MODELS_STEPS: steps };
  const models = join(cache, "models");
  const runs = () => (existsSync(join(cache, "runs.txt")) ? readFileSync(join(cache, "runs.txt"), "utf8").trim().split("\n") : []);

  const small = run(["--small"], env);
  assert.equal(small.status, 0, small.stderr);
  assert.deepEqual(runs(), ["good"], "--small runs only the small steps");
  assert.equal(readFileSync(join(models, "good.gguf"), "utf8"), "GGUF good");

  const all = run([], env);
  assert.equal(all.status, 1, "a step whose file has the wrong sha256 fails the run");
  assert.match(all.stderr, new RegExp(`✗ bad: bad.gguf has sha256 ${sha("GGUF tampered")}, expected ${sha("GGUF expected")}`));
  assert.match(all.stdout, /✓ good: in the cache/);
  assert.equal(existsSync(join(models, "bad.gguf")), false, "nothing unverified is put in place");
  assert.ok(existsSync(join(models, "org/enc/onnx/model.onnx")));
  assert.deepEqual(runs(), ["good", "bad", "free"]);
  assert.deepEqual(
    readdirSync(models).filter((f) => f.startsWith(".staging")),
    [],
    "staging folders are removed",
  );
  const recorded = JSON.parse(readFileSync(join(models, ".checksums.json"), "utf8"));
  assert.equal(
    recorded["org/enc/onnx/model.onnx"],
    createHash("sha256")
      .update(readFileSync(join(models, "org/enc/onnx/model.onnx")))
      .digest("hex"),
  );

  const again = run(["good", "free"], env);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(runs(), ["good", "bad", "free"], "models in the cache are not fetched again");

  writeFileSync(join(models, "org/enc/onnx/model.onnx"), "damaged");
  assert.equal(run(["free"], env).status, 0);
  assert.deepEqual(runs().at(-1), "free", "a file that no longer matches its recorded sha256 is fetched again");

  const list = run(["--list"], env);
  assert.match(list.stdout, /cached {3}good .*\nmissing {2}bad .*\ncached {3}free /);
  const unknown = run(["nope"], env);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no step "nope"; steps: good, bad, free/);
});
