import assert from "node:assert/strict";
import test from "node:test";
import { mean, median, scoreMatrix } from "./scores.js";

const m = [
  [1, 0.9, 0.8, 0.2],
  [0.9, 1, 0.85, 0.3],
  [0.8, 0.85, 1, 0.25],
  [0.2, 0.3, 0.25, 1],
];

test("consistency is the mean of the off-diagonal pairs; agreement the row means", () => {
  const s = scoreMatrix(m, { metric: "test" });
  assert.ok(Math.abs(s.consistency! - mean([0.9, 0.8, 0.2, 0.85, 0.3, 0.25])) < 1e-12);
  assert.ok(Math.abs(s.agreement[0] - (0.9 + 0.8 + 0.2) / 3) < 1e-12);
  assert.ok(Math.abs(s.agreement[3] - 0.25) < 1e-12);
  assert.equal(s.metric, "test");
  assert.equal(s.threshold, 0.6);
});

test("pairs under the threshold are flagged, worst first, and the odd answer is the outlier", () => {
  const s = scoreMatrix(m, { metric: "t" });
  assert.deepEqual(
    s.dissimilarPairs.map((p) => [p.a, p.b]),
    [
      [0, 3],
      [2, 3],
      [1, 3],
    ],
  );
  assert.deepEqual(s.outliers, [3]);
  assert.deepEqual(scoreMatrix(m, { metric: "t", threshold: 0.1 }).dissimilarPairs, []);
});

test("outliers are relative: the odd one out, even above the threshold; none when all disagree alike", () => {
  const high = [
    [1, 0.95, 0.95, 0.7],
    [0.95, 1, 0.95, 0.7],
    [0.95, 0.95, 1, 0.7],
    [0.7, 0.7, 0.7, 1],
  ];
  assert.deepEqual(scoreMatrix(high, { metric: "t" }).outliers, [3]);
  const even = high.map((row, i) => row.map((x, j) => (i === j ? 1 : 0.9)));
  assert.deepEqual(scoreMatrix(even, { metric: "t" }).outliers, []);
  const chaos = high.map((row, i) => row.map((x, j) => (i === j ? 1 : 0.2)));
  assert.deepEqual(scoreMatrix(chaos, { metric: "t" }).outliers, []);
  assert.equal(scoreMatrix(chaos, { metric: "t" }).dissimilarPairs.length, 6);
  const dissenter = [
    [1, 0.7, 0.1],
    [0.7, 1, 0.1],
    [0.1, 0.1, 1],
  ];
  assert.deepEqual(scoreMatrix(dissenter, { metric: "t" }).outliers, [2], "the two that agree are not outliers though under the threshold");
});

test("with one answer there is no consistency, and samples split into within and across prompts", () => {
  const one = scoreMatrix([[1]], { metric: "t" });
  assert.equal(one.consistency, undefined);
  assert.deepEqual(one.agreement, []);
  const s = scoreMatrix(m, { metric: "t", promptOf: [0, 0, 1, 1] });
  assert.ok(Math.abs(s.withinPrompt! - (0.9 + 0.25) / 2) < 1e-12);
  assert.ok(Math.abs(s.acrossPrompts! - (0.8 + 0.2 + 0.85 + 0.3) / 4) < 1e-12);
  const noRepeats = scoreMatrix(m, { metric: "t", promptOf: [0, 1, 2, 3] });
  assert.equal(noRepeats.withinPrompt, undefined);
});

test("median of even and odd lists", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.ok(Number.isNaN(median([])));
});
