/**
 * The default metric through the CLI: with no --metric, a fitted encoder that beats hybrid is used when
 * it is in the model cache (and the command says so on stderr); AUDITLLM_METRIC and --metric win; without
 * the model, hybrid. The encoder here is the tiny test transformer put where `npm run models` puts the real
 * one, so the test checks the choice and the wiring, not the model's quality.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { DEFAULT_ENCODER, FITTED_ENCODERS } from "../similarity/encoder-cache.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { testCacheDir } from "../testing/paths.js";
import { writeTinyTransformer } from "../testing/tiny-transformer.js";

const line = `${JSON.stringify({ id: "q", responses: ["paris is the capital of france.", "the capital of france is paris.", "the dog sleeps."] })}\n`;

/** A cache folder of its own, sharing the test cache's built GloVe files (so hybrid need not build them). */
function cacheWith(): string {
  const cache = mkdtempSync(join(tmpdir(), "auditllm-default-metric-"));
  const shared = testCacheDir();
  if (existsSync(shared)) for (const f of readdirSync(shared)) if (f.startsWith("glove")) symlinkSync(join(shared, f), join(cache, f));
  return cache;
}

async function metricOf(env: Record<string, string>, args: string[] = []): Promise<{ metric: string; stderr: string }> {
  const { code, stdout, stderr } = await runCli(["score", "-", ...args], { env, input: line });
  assert.equal(code, 0, stderr);
  return { metric: JSON.parse(stdout.trim().split("\n")[0]!).metric, stderr };
}

test("no --metric: the winning encoder when it is in the cache (said on stderr), else hybrid; AUDITLLM_METRIC and --metric override", async () => {
  const empty = cacheWith();
  const cached = cacheWith();
  const encoder = FITTED_ENCODERS.find((e) => e.key === DEFAULT_ENCODER?.key) ?? FITTED_ENCODERS[0]!;
  await writeTinyTransformer(join(cached, "models", encoder.ids[0]!));
  const expected = DEFAULT_ENCODER ? `${DEFAULT_ENCODER.kind}:${encoder.ids[0]}` : "hybrid";

  const none = await metricOf(cliEnv({ AUDITLLM_CACHE: empty, AUDITLLM_METRIC: "" }));
  assert.equal(none.metric, "hybrid");
  assert.doesNotMatch(none.stderr, /Similarity:/);

  const found = await metricOf(cliEnv({ AUDITLLM_CACHE: cached, AUDITLLM_METRIC: "" }));
  assert.equal(found.metric, expected);
  if (DEFAULT_ENCODER) assert.match(found.stderr, new RegExp(`Similarity: ${expected}, the default while ${encoder.key} is in the model cache`));

  assert.equal((await metricOf(cliEnv({ AUDITLLM_CACHE: cached, AUDITLLM_METRIC: "lexical" }))).metric, "lexical");
  const given = await metricOf(cliEnv({ AUDITLLM_CACHE: cached, AUDITLLM_METRIC: "" }), ["--metric", "hybrid"]);
  assert.equal(given.metric, "hybrid");
  assert.doesNotMatch(given.stderr, /Similarity:/);
});
