import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlapMetric } from "../testing/overlap-metric.js";
import { agreement } from "./agreement.js";
import { analyseMeaning, claimSupport, clusterEntropy, meaningClusters, sentenceSupport } from "./meaning.js";

describe("meaning", () => {
  it("clusters by average similarity and never puts contradicting answers together", () => {
    const sim = [
      [1, 0.9, 0.8, 0.1],
      [0.9, 1, 0.7, 0.1],
      [0.8, 0.7, 1, 0.2],
      [0.1, 0.1, 0.2, 1],
    ];
    assert.deepEqual(
      meaningClusters(sim, () => false, 0.6),
      [[0, 1, 2], [3]],
    );
    assert.deepEqual(
      meaningClusters(sim, (a, b) => (a === 2 && b === 0) || (a === 0 && b === 2), 0.6),
      [[0, 1], [2], [3]],
    );
    assert.deepEqual(
      meaningClusters(sim, () => false, 0.95),
      [[0], [1], [2], [3]],
    );
  });
  it("entropy is 0 for one meaning and ln n for n different ones", () => {
    assert.equal(clusterEntropy([[0, 1, 2]], 3), 0);
    assert.ok(Math.abs(clusterEntropy([[0], [1], [2]], 3) - Math.log(3)) < 1e-12);
  });
  it("uses the metric's own contradictions and support when it has them", async () => {
    const base = overlapMetric;
    const metric = {
      ...base,
      contradictions: async (texts: string[]) => texts.map((_, i) => texts.map((_, j) => (i !== j && (i === 0 || j === 0) ? { kind: "judge" as const } : undefined))),
      support: async (claims: string[]) => claims.map(() => 0.25),
    };
    const texts = ["a b c.", "a b c d.", "a b c e."];
    const meaning = await analyseMeaning(texts, await agreement(texts, metric), metric, 0.5);
    assert.deepEqual(meaning.contradictions, [
      { a: 0, b: 1, kind: "judge" },
      { a: 0, b: 2, kind: "judge" },
    ]);
    assert.deepEqual(meaning.clusters, [[0], [1, 2]]);
    assert.deepEqual(
      meaning.sentences,
      texts.map((t) => [{ text: t, support: 0.25 }]),
    );
  });
  it("falls back to each claim's best sentence match per passage", async () => {
    const [s] = await claimSupport(["A b"], ["X y. A b.", "X y."], overlapMetric);
    assert.ok(s! > 0.4 && s! < 0.8, `half the passages hold the claim (${s})`);
  });
});

describe("sentence support without a support measure of the metric's own", () => {
  it("compares every sentence with every sentence in one call and averages each answer's best match", async () => {
    let calls = 0;
    const metric = { ...overlapMetric, cross: (a: string[], b: string[]) => (calls++, overlapMetric.cross(a, b)) };
    const support = await sentenceSupport(["A b. X y.", "A b.", "Q r."], metric);
    assert.equal(calls, 1);
    assert.deepEqual(support[0], [
      { text: "A b.", support: 0.5 },
      { text: "X y.", support: 0 },
    ]);
    assert.deepEqual(support[2], [{ text: "Q r.", support: 0 }]);
    assert.deepEqual(await sentenceSupport(["Alone."], metric), [[{ text: "Alone.", support: 1 }]]);
  });
});
