import assert from "node:assert/strict";
import { test } from "node:test";
import { ENCODER, GLOVE_MODEL, HYBRID_MODEL, LEXICAL_MODEL } from "./calibration.js";
import { FEATURE_NAMES } from "./features.js";

test("the common component is a 100-d unit vector", () => {
  const u = Array.from(ENCODER.component ?? []);
  assert.equal(u.length, 100);
  assert.ok(Math.abs(Math.hypot(...u) - 1) < 1e-4);
});

test("fitted models use known signals with non-negative weights and reach about 1 on identical texts", () => {
  for (const model of [GLOVE_MODEL, LEXICAL_MODEL, HYBRID_MODEL]) {
    const entries = Object.entries(model.weights);
    assert.ok(entries.length > 0);
    for (const [name, w] of entries) {
      assert.ok((FEATURE_NAMES as readonly string[]).includes(name), name);
      assert.ok(w! >= 0, `${name}: ${w}`);
    }
    const identical = model.intercept + entries.reduce((s, [, w]) => s + w!, 0);
    assert.ok(identical > 0.75, `all signals at 1 give ${identical}`);
  }
});
