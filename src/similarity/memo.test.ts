import assert from "node:assert/strict";
import test from "node:test";
import { boundedMap, clearMemos, memoize } from "./memo.js";

test("memoize: computes each key once while it is in use, and holds at most two generations of entries", () => {
  let calls = 0;
  const twice = memoize((s) => {
    calls++;
    return s + s;
  }, 2);
  assert.equal(twice("a"), "aa");
  assert.equal(twice("a"), "aa");
  assert.equal(calls, 1);
  const map = boundedMap<number>(2);
  for (const [i, key] of ["a", "b", "c", "d", "e"].entries()) map.set(key, i);
  assert.equal(map.get("a"), undefined, "the oldest generation is dropped");
  assert.equal(map.get("c"), 2, "the older generation is still read");
  assert.equal(map.get("e"), 4);
});

test("clearMemos empties every memo: each key is computed again afterwards", () => {
  let calls = 0;
  const upper = memoize((s) => {
    calls++;
    return s.toUpperCase();
  }, 8);
  const map = boundedMap<number>(8);
  map.set("x", 1);
  upper("a");
  upper("a");
  assert.equal(calls, 1);
  clearMemos();
  assert.equal(map.get("x"), undefined);
  assert.equal(upper("a"), "A");
  assert.equal(calls, 2);
});
