import assert from "node:assert/strict";
import { test } from "node:test";
import { count } from "./format.js";

test("count writes every number as toLocaleString('en-US') does, whole numbers without ICU", () => {
  const numbers = [0, -0, 1, 7, 12, 999, 1000, 1001, 12345, 999_999, 1_000_000, 123_456_789, -1, -1000, -1_234_567, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
  numbers.push(2 ** 60, 1234.5678, 0.5, -0.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
  for (let i = 0; i < 2000; i++) numbers.push(Math.round((Math.random() - 0.3) * 10 ** (i % 16)));
  for (const n of numbers) assert.equal(count(n), n.toLocaleString("en-US"), String(n));
});
