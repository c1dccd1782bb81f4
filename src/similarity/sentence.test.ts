import assert from "node:assert/strict";
import { test } from "node:test";
import type { WordVectors } from "./glove.js";
import { cosine, lookupRows, removeComponent, sentenceVector, zipfProbability } from "./sentence.js";

/** Four words on orthogonal axes, most frequent first. */
function fakeVectors(words = ["the", "cat", "sat", "mat"]): WordVectors {
  const dims = words.length;
  const vector = (row: number) => Float32Array.from({ length: dims }, (_, d) => (d === row ? 1 : 0));
  return {
    dims,
    size: words.length,
    addTo: (out, row, weight) => vector(row).forEach((x, d) => (out[d]! += weight * x)),
    vector,
    indexOf: (w) => words.indexOf(w),
    word: (i) => words[i]!,
  };
}

test("Zipf probabilities fall with rank and sum to about one", () => {
  const size = 100_000;
  let total = 0;
  for (let r = 0; r < size; r++) total += zipfProbability(r, size);
  assert.ok(Math.abs(total - 1) < 1e-3, String(total));
  assert.ok(zipfProbability(0, size) > zipfProbability(1, size));
});

test("SIF weighs frequent words down; uniform weighting does not", () => {
  const v = fakeVectors();
  const sif = sentenceVector(v, ["the", "mat"], { a: 0.1 });
  assert.ok(sif[3]! > sif[0]!);
  const uniform = sentenceVector(v, ["the", "mat"], { weighting: "uniform" });
  assert.equal(uniform[0], uniform[3]);
});

test("hyphenated unknown words use their parts", () => {
  const v = fakeVectors();
  assert.deepEqual(lookupRows(v, "cat-mat"), [1, 3]);
  assert.deepEqual(lookupRows(v, "dog"), []);
});

test("unknown words: skipped, or a deterministic hash vector shared by equal spellings only", () => {
  const v = fakeVectors();
  assert.deepEqual(Array.from(sentenceVector(v, ["zorblax"], { oov: "skip" })), [0, 0, 0, 0]);
  const a = sentenceVector(v, ["zorblax"]);
  assert.deepEqual(a, sentenceVector(v, ["zorblax"]));
  assert.ok(Math.hypot(...a) > 0);
  assert.ok(Math.abs(cosine(a, sentenceVector(v, ["quuxify"]))) < 0.999);
});

test("component removal leaves a vector orthogonal to the component", () => {
  const u = [0.6, 0.8, 0, 0];
  const out = sentenceVector(fakeVectors(), ["cat", "the", "sat"], { component: u });
  assert.ok(Math.abs(out[0]! * u[0]! + out[1]! * u[1]!) < 1e-6);
  const x = Float32Array.of(1, 1, 0, 0);
  removeComponent(x, u);
  assert.ok(Math.abs(x[0]! * 0.6 + x[1]! * 0.8) < 1e-6);
});

test("cosine is 0 for a zero vector and 1 for parallel ones", () => {
  assert.equal(cosine([0, 0], [1, 2]), 0);
  assert.ok(Math.abs(cosine([1, 2], [2, 4]) - 1) < 1e-12);
});
