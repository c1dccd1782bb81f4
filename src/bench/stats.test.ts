import assert from "node:assert/strict";
import { test } from "node:test";
import { auroc, averagePrecision, firstComponent, leastSquares, pearson, ranks, spearman } from "./stats.js";

test("ranks average ties", () => {
  assert.deepEqual(ranks([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
});

test("Spearman is 1 for any increasing relation and -1 for a decreasing one", () => {
  const x = [1, 2, 3, 4, 5, 6];
  assert.ok(
    Math.abs(
      spearman(
        x,
        x.map((v) => v ** 3),
      ) - 1,
    ) < 1e-12,
  );
  assert.ok(
    Math.abs(
      spearman(
        x,
        x.map((v) => -Math.exp(v)),
      ) + 1,
    ) < 1e-12,
  );
  assert.ok(
    Math.abs(
      pearson(
        x,
        x.map((v) => 2 * v + 1),
      ) - 1,
    ) < 1e-12,
  );
  assert.equal(pearson([1, 1, 1], [1, 2, 3]), 0);
});

test("AUROC: 1 when positives all score higher, 0.5 for all ties, counts pairs otherwise", () => {
  assert.equal(auroc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]), 1);
  assert.equal(auroc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]), 0.5);
  // positives 0.6, 0.3 vs negatives 0.4, 0.1: 3 of 4 pairs ordered.
  assert.equal(auroc([0.6, 0.3, 0.4, 0.1], [1, 1, 0, 0]), 0.75);
});

test("least squares recovers the weights that generated the data", () => {
  const x = Array.from({ length: 50 }, (_, i) => [1, Math.sin(i), Math.cos(3 * i)]);
  const y = x.map((r) => 0.5 + 2 * r[1]! - 1.5 * r[2]!);
  leastSquares(x, y).forEach((w, i) => assert.ok(Math.abs(w - [0.5, 2, -1.5][i]!) < 1e-6));
});

test("the first component is the dominant direction, unit length", () => {
  const rows = Array.from({ length: 40 }, (_, i) => [3 * Math.cos(i), 4 * Math.cos(i), 0.1 * Math.sin(i)]);
  const u = firstComponent(rows);
  assert.ok(Math.abs(Math.hypot(...u) - 1) < 1e-9);
  assert.ok(Math.abs(Math.abs(u[0]!) - 0.6) < 1e-3 && Math.abs(Math.abs(u[1]!) - 0.8) < 1e-3);
});

test("average precision: 1 when positives lead, the positive share for all ties, the mean precision at each positive otherwise", () => {
  assert.equal(averagePrecision([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]), 1);
  assert.equal(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]), 0.5);
  // ranked: 1 (pos), 0.8 (neg), 0.6 (pos): precisions 1 and 2/3.
  assert.ok(Math.abs(averagePrecision([1, 0.8, 0.6], [1, 0, 1]) - (1 + 2 / 3) / 2) < 1e-12);
});
