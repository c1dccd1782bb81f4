import assert from "node:assert/strict";
import { test } from "node:test";
import type { Embedder } from "../providers/types.js";
import { createEmbeddingMetric } from "./index.js";

/** A fake embedder: fixed vectors per text, recording every call. */
function fakeEmbedder(table: Record<string, number[]>) {
  const calls: string[][] = [];
  const embedder: Embedder = {
    id: "fake:model",
    async embed(texts) {
      calls.push(texts);
      return texts.map((t) => Float32Array.from(table[t] ?? [0, 0]));
    },
  };
  return { embedder, calls };
}

const TABLE = { a: [1, 0], b: [1, 1], c: [-1, 0], d: [0, 1] };

test("cosine of the embedder's vectors, negatives clamped to 0, diagonal 1", async () => {
  const { embedder } = fakeEmbedder(TABLE);
  const metric = createEmbeddingMetric(embedder);
  assert.equal(metric.name, "embedding:fake:model");
  const m = await metric.pairwise(["a", "b", "c", "d"]);
  const expected = [
    [1, Math.SQRT1_2, 0, 0],
    [Math.SQRT1_2, 1, 0, Math.SQRT1_2],
    [0, 0, 1, 0],
    [0, Math.SQRT1_2, 0, 1],
  ];
  m.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(x - expected[i]![j]!) < 1e-6, `${i},${j}: ${x}`)));
});

test("each distinct text is embedded once per call, in one request", async () => {
  const { embedder, calls } = fakeEmbedder(TABLE);
  const metric = createEmbeddingMetric(embedder, "custom");
  assert.equal(metric.name, "custom");
  const m = await metric.cross(["a", "b", "a"], ["b", "d"]);
  assert.deepEqual(calls, [["a", "b", "d"]]);
  assert.equal(m.length, 3);
  assert.equal(m[1]![0], 1);
  assert.deepEqual(m[0], m[2]);
});

test("an embedder returning the wrong number of vectors is an error", async () => {
  const metric = createEmbeddingMetric({ id: "broken", embed: async () => [] });
  await assert.rejects(metric.pairwise(["x", "y"]), /returned 0 vectors for 2 texts/);
});

test("empty inputs give empty matrices without calling the embedder", async () => {
  const { embedder, calls } = fakeEmbedder(TABLE);
  const metric = createEmbeddingMetric(embedder);
  assert.deepEqual(await metric.pairwise([]), []);
  assert.deepEqual(await metric.cross([], ["a"]), []);
  assert.deepEqual(await metric.cross(["a", "b"], []), [[], []]);
  assert.deepEqual(calls, []);
});
