import assert from "node:assert/strict";
import test from "node:test";
import { targetLine } from "./target-line.js";

test("a target's line names failed audits and unscored questions apart, each only when there are some", () => {
  assert.equal(targetLine({ target: "m", audited: 21, failed: 0, noScore: 0, meanConsistency: 0.71234 }), "m: mean consistency 0.712 over 21 question(s)");
  assert.equal(
    targetLine({ target: "m", audited: 21, failed: 2, noScore: 9, meanConsistency: 0.7 }),
    "m: mean consistency 0.700 over 21 question(s), 9 with no score (fewer than two answers to compare), 2 failed (the error is in results.csv)",
  );
  assert.equal(targetLine({ target: "m", audited: 0, failed: 0, noScore: 3, meanConsistency: null }), "m: mean consistency – over 0 question(s), 3 with no score (fewer than two answers to compare)");
});
