import assert from "node:assert/strict";
import { test } from "node:test";
import { bertScoreOf, idfTable, weightTokens } from "./bertscore.js";
import type { TextTokens } from "./transformer-model.js";

/** Tokens with 2-d vectors; id 0 is a special token (like [CLS]). */
function tokens(rows: [number, number, number][]): TextTokens {
  return {
    ids: rows.map((r) => r[0]),
    vectors: rows.map((r) => Float32Array.of(r[1], r[2])),
    special: rows.map((r) => r[0] === 0),
  };
}

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

test("greedy matching on unit vectors: P over the candidate's tokens, R over the reference's, F1 their harmonic mean", () => {
  // candidate: x-axis and y-axis tokens; reference: one token at 45°, scaled (normalisation must undo it). Special tokens dropped.
  const cand = weightTokens(
    tokens([
      [0, 5, 5],
      [1, 1, 0],
      [2, 0, 3],
    ]),
  );
  const ref = weightTokens(
    tokens([
      [0, -1, 0],
      [3, 2, 2],
    ]),
  );
  const s = bertScoreOf(cand, ref);
  near(s.precision, Math.SQRT1_2, "P: each candidate token's best cosine is cos 45°");
  near(s.recall, Math.SQRT1_2, "R: the reference token's best is cos 45°");
  const r = bertScoreOf(
    weightTokens(
      tokens([
        [1, 1, 0],
        [3, 1, 1],
      ]),
    ),
    weightTokens(tokens([[1, 1, 0]])),
  );
  near(r.recall, 1, "the reference is covered");
  near(r.precision, (1 + Math.SQRT1_2) / 2, "half the candidate is extra");
  near(r.f1, (2 * r.precision) / (r.precision + 1), "F1");
});

test("idf is log((M+1)/(df+1)) over documents; all-zero weights fall back to uniform; no tokens scores 0", () => {
  const idf = idfTable([[1, 2, 2], [2, 3], [2]]);
  near(idf(2), 0, "in every document");
  near(idf(1), Math.log(4 / 2), "in one");
  near(idf(9), Math.log(4), "in none");
  const weighted = weightTokens(
    tokens([
      [1, 1, 0],
      [2, 0, 1],
    ]),
    idf,
  );
  assert.deepEqual([...weighted.weights], [1, 0]);
  const allCommon = weightTokens(
    tokens([
      [2, 1, 0],
      [2, 0, 1],
    ]),
    idf,
  );
  assert.deepEqual([...allCommon.weights], [0.5, 0.5]);
  const empty = weightTokens(tokens([[0, 1, 0]]));
  assert.equal(empty.count, 0);
  assert.deepEqual(bertScoreOf(empty, weighted), { precision: 0, recall: 0, f1: 0 });
});
