import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditResult } from "../testing/batch-rows.js";
import { addItems, completeItem, createRun, groupCommit, getResultRow, openDatabase, queryResults, runCategories, type Db } from "./index.js";

/** A batch run whose question i has consistency scores[i] for each target (null: the target failed). */
function batchRun(db: Db, questions: { q: string; category?: string }[], scores: Record<string, (number | null)[]>): string {
  const run = createRun(db, "batch", { input: "x.csv" });
  addItems(
    db,
    run.id,
    questions.map((x, idx) => ({ idx, row: { line: idx + 2, question: x.q, category: x.category, meta: {} } })),
  );
  questions.forEach((x, idx) => {
    const outcomes = Object.entries(scores).map(([target, list]) => {
      const s = list[idx];
      if (s === null || s === undefined) return { target, error: `${target} timed out` };
      return {
        target,
        result: auditResult({
          question: x.q,
          target,
          probes: [],
          answers: ["a", "b"],
          pairwise: [
            [1, s],
            [s, 1],
          ],
        }),
      };
    });
    void completeItem(db, run.id, idx, outcomes, []);
  });
  groupCommit(db).flush();
  return run.id;
}

const db = openDatabase(join(mkdtempSync(join(tmpdir(), "auditllm-browse-")), "t.db"));
const questions = [
  { q: "Where did fortune cookies originate?", category: "Misconceptions" },
  { q: "Is MSG harmful?", category: "Health" },
  { q: "What is 100% of 50_000?", category: "Math" },
  { q: "Who wrote Hamlet?", category: "Misconceptions" },
];

test("a page of results: filtered by target, category, score and search; sorted either way; unscored rows last", () => {
  const id = batchRun(db, questions, { "m:a": [0.9, 0.2, null, 0.5], "m:b": [0.8, 0.7, 0.6, 0.4] });
  const all = queryResults(db, id);
  assert.equal(all.total, 8);
  assert.deepEqual(
    all.rows.slice(0, 2).map((r) => [r.idx, r.target, r.line, r.category]),
    [
      [0, "m:a", 2, "Misconceptions"],
      [0, "m:b", 2, "Misconceptions"],
    ],
  );
  const a = queryResults(db, id, { target: "m:a", sort: "consistency", order: "asc" });
  assert.deepEqual(
    a.rows.map((r) => r.consistency),
    [0.2, 0.5, 0.9, null],
  );
  assert.equal(a.rows[3]!.error, "m:a timed out");
  assert.deepEqual(
    queryResults(db, id, { target: "m:a", sort: "consistency", order: "desc" }).rows.map((r) => r.consistency),
    [0.9, 0.5, 0.2, null],
  );
  assert.deepEqual(
    queryResults(db, id, { category: "Misconceptions", target: "m:b" }).rows.map((r) => r.idx),
    [0, 3],
  );
  assert.deepEqual(
    queryResults(db, id, { min: 0.5, max: 0.8 }).rows.map((r) => [r.idx, r.target]),
    [
      [0, "m:b"],
      [1, "m:b"],
      [2, "m:b"],
      [3, "m:a"],
    ],
  );
  assert.deepEqual(
    queryResults(db, id, { search: "msg" }).rows.map((r) => r.question),
    ["Is MSG harmful?", "Is MSG harmful?"],
    "case-insensitive",
  );
  assert.deepEqual(queryResults(db, id, { search: "100%" }).total, 2, "% is literal");
  assert.deepEqual(queryResults(db, id, { search: "50_0" }).total, 2, "_ is literal");
  assert.equal(queryResults(db, id, { search: "0%" }).total, 2);
  assert.equal(queryResults(db, id, { search: "%" }).total, 2);
  const page = queryResults(db, id, { sort: "question", offset: 2, limit: 2 });
  assert.equal(page.total, 8);
  assert.deepEqual(
    page.rows.map((r) => r.question),
    ["What is 100% of 50_000?", "What is 100% of 50_000?"],
    "Is…, Is…, then What…",
  );
  assert.deepEqual(runCategories(db, id), [
    { category: "Misconceptions", questions: 2 },
    { category: "Health", questions: 1 },
    { category: "Math", questions: 1 },
  ]);
  const one = getResultRow(db, id, 1, "m:a")!;
  assert.equal(one.result!.scores.consistency, 0.2);
  assert.equal(one.category, "Health");
  assert.equal(getResultRow(db, id, 2, "m:a")!.error, "m:a timed out");
  assert.equal(getResultRow(db, id, 9, "m:a"), undefined);
});
