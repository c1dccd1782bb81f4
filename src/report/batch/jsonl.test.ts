import assert from "node:assert/strict";
import test from "node:test";
import { PassThrough } from "node:stream";
import { toAuditJson } from "../audit-json.js";
import { writeReport } from "./index.js";
import { fortuneRow, quizRows, runInfo, sourceOf } from "../../testing/batch-rows.js";
import type { BatchRow } from "./types.js";

async function jsonlOf(rows: BatchRow[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeReport("jsonl", sourceOf(runInfo(), rows), out);
  return Buffer.concat(chunks).toString("utf8");
}

test("each line is one question × target with its input fields and the audit's public JSON", async () => {
  const row = fortuneRow({ reference: { correct: ["California"], incorrect: ["China"], best: "San Francisco" }, answers: ["line one\nline two", "b c", "b d", "\u2028odd separators\u2029"] });
  const failed: BatchRow = { idx: 1, line: 3, question: "Why?", meta: {}, target: "ollama:llama3.2:3b", error: "timeout" };
  const text = await jsonlOf([row, failed]);
  const lines = text.split("\n");
  assert.equal(lines.pop(), "", "ends with a newline");
  assert.equal(lines.length, 2, "newlines inside answers do not split records");
  const [first, second] = lines.map((l) => JSON.parse(l));
  const head = { idx: 0, line: 2, id: "fc-1", question: row.question, category: "Misconceptions", meta: row.meta, reference: row.reference, target: row.target };
  assert.deepEqual(first, JSON.parse(JSON.stringify({ ...head, ...toAuditJson(row.result!) })));
  assert.deepEqual(Object.keys(first).slice(0, 8), Object.keys(head));
  assert.equal(first.answers[0].text, "line one\nline two");
  assert.equal(first.consistency, toAuditJson(row.result!).consistency);
  assert.deepEqual(first.outliers, [0]);
  assert.deepEqual(second, { idx: 1, line: 3, question: "Why?", meta: {}, target: "ollama:llama3.2:3b", error: "timeout" });
});

test("a synthetic run round-trips: every row comes back, in order, with its scores", async () => {
  const run = runInfo();
  const rows = [...quizRows(run, 150)];
  const parsed = (await jsonlOf(rows))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(parsed.length, 300);
  parsed.forEach((p, i) => {
    assert.equal(p.idx, rows[i].idx);
    assert.equal(p.target, rows[i].target);
    if (rows[i].result) assert.equal(p.consistency, toAuditJson(rows[i].result!).consistency);
    else assert.equal(p.error, rows[i].error);
  });
});
