/**
 * Two stored batch runs compared (real SQLite): pairing by id where both rows have one, else by text; the
 * mean difference with its 95% interval; better/worse by a margin; the gate; warnings for other probes or metrics.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { addItems, completeItem, createRun, groupCommit, openDatabase, type Db } from "../store/index.js";
import { auditResult } from "../testing/batch-rows.js";
import { compareRuns } from "./compare.js";

interface Q {
  q: string;
  id?: string;
  probes?: string[];
}

/** A batch run whose question i has consistency scores[target][i] (null: the target failed). */
function batchRun(db: Db, questions: Q[], scores: Record<string, (number | null)[]>, config: Record<string, unknown> = {}): string {
  const settings = {
    input: "/data/q.csv",
    digest: "x",
    targets: Object.keys(scores),
    prober: "m:p",
    probeCount: 2,
    samples: 1,
    temperature: 0.5,
    proberTemperature: 0,
    maxTokens: 64,
    diversity: "medium",
    metric: "hybrid",
  };
  const run = createRun(db, "batch", { ...settings, ...config });
  addItems(
    db,
    run.id,
    questions.map((x, idx) => ({ idx, row: { line: idx + 2, question: x.q, id: x.id, meta: {} } })),
  );
  questions.forEach((x, idx) => {
    const probes = (x.probes ?? ["P one?", "P two?"]).map((text) => ({ text, relevance: 0.8 }));
    const outcomes = Object.entries(scores).map(([target, list]) => {
      const s = list[idx];
      if (s === null || s === undefined) return { target, error: `${target} timed out` };
      const pairwise = [
        [1, s],
        [s, 1],
      ];
      return { target, result: auditResult({ question: x.q, target, probes: [], answers: ["a", "b"], pairwise }) };
    });
    void completeItem(db, run.id, idx, outcomes, probes);
  });
  groupCommit(db).flush();
  return run.id;
}

const db = openDatabase(join(mkdtempSync(join(tmpdir(), "auditllm-compare-")), "t.db"));
const questions: Q[] = [{ q: "Where did fortune cookies originate?" }, { q: "Is MSG harmful?" }, { q: "What is 100% of 50_000?" }, { q: "Who wrote Hamlet?" }];

test("matched by text, the same target where both have it, largest drop first, with a 95% interval", () => {
  const first = batchRun(db, questions, { "m:a": [0.9, 0.2, null, 0.5] });
  const second = batchRun(db, [...questions.slice(1), { q: "A new question?" }], { "m:a": [0.6, 0.7, 0.9, 0.1], "m:c": [0.1, 0.1, 0.1, 0.1] });
  const c = compareRuns(db, first, second);
  assert.deepEqual([c.a.target, c.b.target], ["m:a", "m:a"]);
  assert.equal(c.matched, 2, "MSG and Hamlet are scored in both (the math question failed in the first)");
  assert.deepEqual(c.rows.map((r) => [r.question, r.a, r.b]).sort(), [
    ["Is MSG harmful?", 0.2, 0.6],
    ["Who wrote Hamlet?", 0.5, 0.9],
  ]);
  assert.deepEqual([c.onlyA, c.onlyB], [1, 2]);
  assert.ok(Math.abs(c.meanDifference! - 0.4) < 1e-9);
  assert.deepEqual(
    c.interval!.map((x) => +x.toFixed(6)),
    [0.4, 0.4],
    "two equal differences: no spread",
  );
  assert.deepEqual([c.better, c.worse], [2, 0]);
  assert.deepEqual(c.warnings, []);
  const other = compareRuns(db, first, second, { targetB: "m:c" });
  assert.equal(other.b.target, "m:c");
  assert.deepEqual([other.better, other.worse, other.worseShare], [0, 2, 1]);
  assert.deepEqual(
    other.rows.map((r) => r.question),
    ["Who wrote Hamlet?", "Is MSG harmful?"],
    "largest drop first (0.5 → 0.1, then 0.2 → 0.1)",
  );
  const [low, high] = other.interval!;
  assert.ok(low < other.meanDifference! && other.meanDifference! < high, `interval ${low}..${high} around ${other.meanDifference}`);
  assert.throws(() => compareRuns(db, first, second, { targetB: "m:zz" }), /has no results for m:zz; its targets: m:a, m:c/);
  assert.throws(() => compareRuns(db, first, "nope"), /No run nope/);
});

test("ids pair rows when both have one (a reworded question keeps its id); different ids never pair by text", () => {
  const a = batchRun(db, [{ q: "Capital of France?", id: "q1" }, { q: "Who wrote Hamlet?", id: "q2" }, { q: "Is MSG harmful?" }], { m: [0.8, 0.6, 0.5] });
  const b = batchRun(
    db,
    [
      { q: "What is the capital of France?", id: "q1" },
      { q: "Who wrote Hamlet?", id: "other" },
      { q: "Is MSG harmful?", id: "q3" },
    ],
    { m: [0.7, 0.9, 0.5] },
  );
  const c = compareRuns(db, a, b);
  assert.deepEqual(c.rows.map((r) => r.question).sort(), ["Capital of France?", "Is MSG harmful?"], "q1 by id; MSG by text (A has no id); Hamlet's ids differ");
  assert.deepEqual([c.onlyA, c.onlyB], [1, 1]);
});

test("the gate: a mean drop beyond --fail-if-worse or too large a share of worse questions fails; warnings for other probes and metrics", () => {
  const a = batchRun(db, questions, { m: [0.9, 0.8, 0.7, 0.6] });
  const b = batchRun(
    db,
    questions.map((q, i) => (i === 0 ? { ...q, probes: ["Another probe?", "P two?"] } : q)),
    { m: [0.7, 0.8, 0.7, 0.6] },
    { metric: "lexical" },
  );
  const small = compareRuns(db, a, b, { failIfWorse: 0.1 });
  assert.ok(Math.abs(small.meanDifference! + 0.05) < 1e-9);
  assert.deepEqual(small.gate?.failures, [], "a mean drop of 0.05 passes a 0.1 gate");
  const strict = compareRuns(db, a, b, { failIfWorse: 0.01 });
  assert.match(strict.gate!.failures[0]!, /dropped by 0\.050, more than 0\.01/);
  const share = compareRuns(db, a, b, { maxWorseShare: 0.2 });
  assert.match(share.gate!.failures[0]!, /25\.0% of the questions got worse by more than 0\.05, more than 20\.0%/);
  assert.deepEqual(compareRuns(db, a, b, { maxWorseShare: 0.25 }).gate?.failures, []);
  assert.equal(compareRuns(db, a, b).gate, undefined, "no gate set: no verdict");
  assert.equal(small.probesDiffer, 1);
  assert.equal(small.warnings.length, 2);
  assert.match(small.warnings[0]!, /different metrics \(A: hybrid, B: lexical\)/);
  assert.match(small.warnings[1]!, new RegExp(`1 of 4 questions were asked with different probes.*--probes-from ${a}`));
});
