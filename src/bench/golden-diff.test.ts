import assert from "node:assert/strict";
import { test } from "node:test";
import { goldenDiff, withinLastBits } from "./golden-diff.js";

test("identical outputs differ nowhere", () => {
  const x = { a: [0.1, 2, { b: "x", c: null }] };
  const diff = goldenDiff(x, structuredClone(x));
  assert.deepEqual({ ...diff, examples: [] }, { numbers: 2, differ: 0, maxRelative: 0, roundingFlips: 0, other: 0, examples: [] });
  assert.ok(withinLastBits(diff, 0));
});

test("a last-bit change of a number is within tolerance; its size is measured", () => {
  const diff = goldenDiff({ s: [0.8596711146297935] }, { s: [0.8596711146297936] });
  assert.equal(diff.differ, 1);
  assert.equal(diff.roundingFlips, 0);
  assert.ok(diff.maxRelative > 0 && diff.maxRelative < 1e-15, String(diff.maxRelative));
  assert.ok(withinLastBits(diff, 1e-12));
  assert.ok(!withinLastBits(diff, 0));
});

test("a number visible at 4 places, a label, a missing value or a longer list is a change of result", () => {
  assert.equal(goldenDiff([0.12344999], [0.12345001]).roundingFlips, 1);
  for (const [a, b] of [
    [{ kind: "number" }, { kind: "name" }],
    [{ x: 1 }, {}],
    [
      [1, 2],
      [1, 2, 3],
    ],
    [{ x: null }, { x: 0 }],
  ] as const) {
    const diff = goldenDiff(a, b);
    assert.ok(!withinLastBits(diff, 1), JSON.stringify([a, b]));
    assert.equal(diff.examples.length, 1);
  }
});
