import assert from "node:assert/strict";
import test from "node:test";
import { median } from "../../core/scores.js";
import { Aggregator } from "./aggregate.js";
import { Comparison } from "./comparison.js";
import { Reservoir, seededRandom } from "./reservoir.js";
import { ScoreStats } from "./running.js";
import { fortuneRow, quizRows, runInfo } from "../../testing/batch-rows.js";
import { TopK } from "./top-k.js";

test("score stats: exact mean and share under the threshold, median within 0.001, histogram counts every value", () => {
  const rand = seededRandom(7);
  const values = Array.from({ length: 10_001 }, () => Math.min(1, Math.max(0, 0.7 + (rand() - 0.5) * 0.8)));
  const stats = new ScoreStats(0.6);
  values.forEach((v) => stats.add(v));
  assert.equal(stats.n, values.length);
  assert.ok(Math.abs(stats.value! - values.reduce((s, v) => s + v, 0) / values.length) < 1e-12);
  assert.equal(stats.under, values.filter((v) => v < 0.6).length);
  assert.ok(Math.abs(stats.median! - median(values)) <= 0.001, `median ${stats.median} vs ${median(values)}`);
  const bins = stats.histogram(20);
  assert.equal(
    bins.reduce((s, c) => s + c, 0),
    values.length,
  );
  assert.equal(bins[12], values.filter((v) => v >= 0.6 && v < 0.65).length);
  stats.add(1);
  stats.add(-0.2);
  assert.equal(stats.histogram(20)[19] + stats.histogram(20)[0], bins[19] + bins[0] + 2, "out-of-range values land in the end bins");
  assert.equal(new ScoreStats(0.6).median, undefined);
});

test("reservoir: never more than its size, keeps everything below it, and samples the whole stream", () => {
  const small = new Reservoir<number>(10);
  for (let i = 0; i < 7; i++) small.offer(i);
  assert.deepEqual(small.items, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(small.sampled, false);
  const big = new Reservoir<number>(1000, 3);
  for (let i = 0; i < 100_000; i++) big.offer(i);
  assert.equal(big.items.length, 1000);
  assert.equal(big.sampled, true);
  const late = big.items.filter((i) => i >= 50_000).length;
  assert.ok(late > 400 && late < 600, `about half the sample comes from the second half (${late})`);
});

test("top-k keeps exactly the k first items by its order, whatever the arrival order", () => {
  const rand = seededRandom(11);
  const values = Array.from({ length: 5000 }, () => rand());
  const top = new TopK<number>(25, (a, b) => a - b);
  values.forEach((v) => top.offer(v));
  assert.deepEqual(top.sorted(), [...values].sort((a, b) => a - b).slice(0, 25));
  const none = new TopK<number>(0, (a, b) => a - b);
  none.offer(1);
  assert.equal(none.size, 0);
});

test("comparison: paired means, differences, interval and win counts match a direct computation", () => {
  const c = new Comparison(["a", "b"], 10, "(other)");
  const pairs: [string, number, number][] = [
    ["x", 0.9, 0.7],
    ["x", 0.6, 0.8],
    ["y", 0.5, 0.5],
    ["y", 0.8, 0.4],
    ["y", 0.75, 0.7],
  ];
  pairs.forEach(([cat, a, b]) => c.add(cat, [a, b]));
  const r = c.report();
  const d = pairs.map(([, a, b]) => a - b);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
  assert.equal(r.n, 5);
  assert.ok(Math.abs(r.means[0] - 3.55 / 5) < 1e-12 && Math.abs(r.means[1] - 3.1 / 5) < 1e-12);
  const p = r.pairs[0];
  assert.ok(Math.abs(p.meanDiff - mean) < 1e-12);
  assert.ok(Math.abs(p.ci![1] - p.ci![0] - 2 * 1.96 * (sd / Math.sqrt(5))) < 1e-9);
  assert.deepEqual([p.aBetter, p.bBetter, p.ties], [3, 1, 1]);
  assert.deepEqual([r.best, r.ties], [[3, 1], 1]);
  const y = r.categories.find((g) => g.name === "y")!;
  assert.equal(y.n, 3);
  assert.ok(Math.abs(y.means[0] - 2.05 / 3) < 1e-12);
});

test("the aggregator holds one question's rows at a time and pairs targets on the same idx", () => {
  const run = runInfo();
  const agg = new Aggregator(run);
  const rows = [...quizRows(run, 200)];
  rows.forEach((r) => agg.add(r));
  const data = agg.finish();
  assert.equal(data.questions, 200);
  assert.equal(data.rows, 400);
  const both = new Set(rows.filter((r) => r.result).map((r) => r.idx));
  for (const r of rows) if (!r.result) both.delete(r.idx);
  assert.equal(data.comparison!.n, both.size, "paired only where every target has a score");
  for (const t of data.targets) {
    const mine = rows.filter((r) => r.target === t.target && r.result);
    assert.equal(t.consistency.n, mine.length);
    assert.equal(t.failed, rows.filter((r) => r.target === t.target && !r.result).length);
    const worst = t.worst.sorted().map((e) => e.facts.consistency);
    const expected = mine
      .map((r) => r.result!.scores.consistency!)
      .sort((a, b) => a - b)
      .slice(0, 25);
    assert.deepEqual(worst, expected);
  }
});

test("categories past the limit are pooled, and a row without a category counts as '(no category)'", () => {
  const run = runInfo({ targets: ["m"] });
  const agg = new Aggregator(run, { maxCategories: 3 });
  ["a", "b", undefined, "c", "d"].forEach((category, idx) => agg.add(fortuneRow({ idx, category, target: "m" })));
  const names = agg.finish().categories.map((c) => c.name);
  assert.deepEqual(names, ["a", "b", "(no category)", "(other categories)"]);
});
