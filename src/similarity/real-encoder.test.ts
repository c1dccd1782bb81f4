/**
 * The real sentence encoders (all-mpnet-base-v2, all-MiniLM-L6-v2) as `npm run models` puts them in the
 * model cache: transformers.js must reproduce what PyTorch computed from the source weights (the
 * reference embeddings the export wrote: tokenizer, truncation at max_seq_length, mean pooling,
 * token_type_ids), and the calibrated metrics must read real paraphrases as similar and unrelated
 * sentences as dissimilar. Skipped, with one line, when the cache does not hold the model.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cacheDir } from "../config/paths.js";
import { FITTED_ENCODERS, cachedEncoders } from "./encoder-cache.js";
import { encoderMap } from "./encoder-map.js";
import { createBertScoreMetric, createTransformerMetric, meanPooled } from "./transformer.js";
import { transformerModel } from "./transformer-model.js";

const modelsDir = join(cacheDir(), "models");
const cached = cachedEncoders(modelsDir);

for (const { key, ids } of FITTED_ENCODERS) {
  const found = cached.find((c) => c.key === key);
  const skip = found ? false : `${key} is not in ${modelsDir} (npm run models fetches it)`;

  test(`${key}: transformers.js reproduces PyTorch's embeddings from the real weights, long texts cut at max_seq_length`, { skip }, async () => {
    const reference = JSON.parse(readFileSync(join(found!.folder, "auditllm-reference.json"), "utf8")) as { sentences: string[]; tokens: number[]; embeddings: number[][] };
    const tokens = await transformerModel({ model: found!.id, cacheDir: modelsDir }).embedTokens(reference.sentences);
    tokens.forEach((t, i) => {
      assert.equal(t.ids.length, reference.tokens[i], `token count of sentence ${i}`);
      const e = meanPooled(t);
      const worst = Math.max(...reference.embeddings[i]!.map((x, k) => Math.abs(x - e[k]!)));
      assert.ok(worst < 1e-4, `sentence ${i}: differs from PyTorch by ${worst}`);
    });
    assert.ok(Math.max(...reference.tokens) > 128, "a reference text is longer than tokenizer.json's own 128-token truncation");
  });

  test(`${key}: on the STS scale, real paraphrases score above 0.60 and unrelated answers below`, { skip }, async () => {
    assert.ok(encoderMap(found!.id, "transformer") && encoderMap(found!.id, "bertscore"), `${key} has fitted maps under ${ids.join(", ")}`);
    const texts = ["The Eiffel Tower is in Paris.", "The Eiffel Tower is located in Paris, France.", "Bananas are rich in potassium."];
    for (const metric of [createTransformerMetric({ model: found!.id, cacheDir: modelsDir }), createBertScoreMetric({ model: found!.id, cacheDir: modelsDir })]) {
      const m = await metric.pairwise(texts);
      assert.ok(m[0]![1]! > 0.6, `${metric.name}: paraphrases ${m[0]![1]}`);
      assert.ok(m[0]![2]! < 0.6 && m[1]![2]! < 0.6, `${metric.name}: unrelated ${m[0]![2]}, ${m[1]![2]}`);
      assert.deepEqual(metric.takeWarnings?.() ?? [], [], "a fitted model scores without a warning");
    }
  });
}
