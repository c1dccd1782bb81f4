import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditResult } from "../testing/batch-rows.js";
import { addItems, completeItem, createRun, groupCommit, openDatabase, REDACTED, redactor, secretsOf } from "./index.js";

const SECRET = "hunter2-not-key-shaped";

test("a finished item is stored through the run's redactor: its results and its error", async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "auditllm-complete-")), "t.db"));
  const run = createRun(db, "batch", { input: "x.csv" });
  addItems(db, run.id, [{ idx: 0, row: { line: 2, question: "Who?", meta: {} } }]);
  const result = auditResult({
    question: "Who?",
    target: "m:a",
    probes: [],
    answers: [`It is ${SECRET}.`, "Someone."],
    pairwise: [
      [1, 0.5],
      [0.5, 1],
    ],
  });
  const stored = completeItem(
    db,
    run.id,
    0,
    [
      { target: "m:a", result },
      { target: "m:b", error: `m:b refused key ${SECRET}` },
    ],
    [],
    redactor(secretsOf({ MY_TOKEN: SECRET })),
  );
  groupCommit(db).flush();
  await stored;
  const rows = db.prepare("SELECT result FROM results WHERE run_id = ? ORDER BY target").all(run.id) as { result: string }[];
  const item = db.prepare("SELECT error FROM items WHERE run_id = ?").get(run.id) as { error: string };
  assert.equal(rows.length, 2);
  for (const text of [...rows.map((r) => r.result), item.error]) {
    assert.ok(!text.includes(SECRET), text);
    assert.ok(text.includes(REDACTED), text);
  }
});
