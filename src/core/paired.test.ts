/** Paired statistics: the mean difference and its 95% interval, counts by a margin, and the gate's verdicts. */
import assert from "node:assert/strict";
import test from "node:test";
import { gateFailures, meanInterval, pairedStats } from "./paired.js";

test("mean difference with its normal-approximation 95% interval; better and worse by more than the margin", () => {
  const pairs = [
    { a: 0.8, b: 0.7 },
    { a: 0.6, b: 0.62 },
    { a: 0.5, b: 0.7 },
    { a: 0.9, b: 0.6 },
  ];
  const s = pairedStats(pairs, 0.05);
  const diffs = [-0.1, 0.02, 0.2, -0.3];
  const mean = diffs.reduce((x, y) => x + y) / 4;
  const sd = Math.sqrt(diffs.reduce((x, d) => x + (d - mean) ** 2, 0) / 3);
  assert.ok(Math.abs(s.meanDifference! - mean) < 1e-12);
  assert.ok(Math.abs(s.interval![0] - (mean - (1.96 * sd) / 2)) < 1e-12);
  assert.ok(Math.abs(s.interval![1] - (mean + (1.96 * sd) / 2)) < 1e-12);
  assert.deepEqual([s.n, s.better, s.worse, s.worseShare], [4, 1, 2, 0.5]);
  assert.deepEqual(pairedStats([]), { n: 0, meanDifference: null, interval: null, better: 0, worse: 0, worseShare: 0, margin: 0.05 });
  assert.equal(pairedStats([{ a: 0.5, b: 0.4 }]).interval, null, "one question: no interval");
  assert.deepEqual(meanInterval(2, 0.2, 0.02), { mean: 0.1, ci: [0.1, 0.1] });
});

test("the gate fails on a mean drop beyond the delta or too many worse questions, and with nothing to compare", () => {
  const s = pairedStats([
    { a: 0.8, b: 0.7 },
    { a: 0.8, b: 0.8 },
  ]);
  assert.deepEqual(gateFailures(s, {}), []);
  assert.deepEqual(gateFailures(s, { failIfWorse: 0.05 }), []);
  assert.match(gateFailures(s, { failIfWorse: 0.01 })[0]!, /dropped by 0\.050, more than 0\.01/);
  assert.match(gateFailures(s, { maxWorseShare: 0.4 })[0]!, /50\.0% of the questions got worse by more than 0\.05, more than 40\.0%/);
  assert.equal(gateFailures(s, { failIfWorse: 0.01, maxWorseShare: 0.4 }).length, 2);
  assert.deepEqual(gateFailures(pairedStats([]), { failIfWorse: 0.1 }), ["no question is scored in both runs"]);
});
