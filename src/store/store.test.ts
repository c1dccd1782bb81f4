import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { createExecutor } from "../calls/executor.js";
import type { CallSpec } from "../core/types.js";
import { ProviderError } from "../providers/errors.js";
import { lastUser, mockModel } from "../testing/mock-model.js";
import { addItem, createCallJournal, createRun, finishRun, getResults, getRun, listRuns, openDatabase, saveResult } from "./index.js";

function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-store-"));
  const path = join(dir, "nested", "auditllm.db");
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const spec = (content: string, sampleIndex = 0): CallSpec => ({ role: "answer", model: "mock:m", messages: [{ role: "user", content }], temperature: 0.5, sampleIndex });

test("runs are listed newest first and round-trip their config, summary and results", (t) => {
  const { path, cleanup } = tempDb();
  t.after(cleanup);
  const db = openDatabase(path);
  const a = createRun(db, "ask", { target: "ollama:x" }, new Date("2026-01-01T10:00:00Z"));
  const b = createRun(db, "ask", { target: "ollama:y" }, new Date("2026-01-02T10:00:00Z"));
  addItem(db, b.id, 0, "Why?");
  saveResult(db, b.id, 0, "ollama:y", 0.75, { hello: "world" });
  finishRun(db, b.id, "done", { summary: { consistency: 0.75 } });
  assert.deepEqual(
    listRuns(db).map((r) => r.id),
    [b.id, a.id],
  );
  assert.equal(getRun(db, b.id)?.status, "done");
  assert.deepEqual(getRun(db, b.id)?.summary, { consistency: 0.75 });
  assert.deepEqual(getResults(db, b.id), [{ idx: 0, target: "ollama:y", consistency: 0.75, result: { hello: "world" } }]);
  assert.equal(getRun(db, a.id)?.status, "running");
  db.close();
  // Reopening applies no migration twice.
  const again = openDatabase(path);
  assert.equal(listRuns(again).length, 2);
  again.close();
});

test("every call is a row before it is sent, completed in place; a resumed run repeats no finished call", async (t) => {
  const { path, cleanup } = tempDb();
  t.after(cleanup);
  const db = openDatabase(path);
  const run = createRun(db, "ask", {});
  const rowsWhileRunning: string[] = [];
  const statusOf = (content: string) => (db.prepare("SELECT status FROM calls WHERE run_id = ? AND request LIKE ?").get(run.id, `%${content}%`) as { status: string } | undefined)?.status ?? "absent";
  let failNext = true;
  const model = mockModel("mock:m", (r) => {
    rowsWhileRunning.push(statusOf(lastUser(r)));
    if (lastUser(r) === "c" && failNext) {
      failNext = false;
      return new ProviderError({ kind: "bad-request", message: "rejected" });
    }
    return `answer ${lastUser(r)}`;
  });
  const first = createExecutor({ model: () => model, journal: createCallJournal(db, run.id) });
  await first.complete(spec("a"));
  await first.complete(spec("b"));
  await assert.rejects(first.complete(spec("c")));
  assert.deepEqual(rowsWhileRunning, ["pending", "pending", "pending"]);
  const rows = db.prepare("SELECT status, response, attempts, error_kind FROM calls WHERE run_id = ? ORDER BY id").all(run.id);
  assert.deepEqual(rows, [
    { status: "done", response: "answer a", attempts: 1, error_kind: null },
    { status: "done", response: "answer b", attempts: 1, error_kind: null },
    { status: "failed", response: null, attempts: 1, error_kind: "bad-request" },
  ]);

  // Resume: a new executor over the same run answers a and b from the store, and retries only c.
  const resumed = createExecutor({ model: () => model, journal: createCallJournal(db, run.id) });
  const again = await Promise.all([resumed.complete(spec("a")), resumed.complete(spec("b")), resumed.complete(spec("c")), resumed.complete(spec("a", 1))]);
  assert.deepEqual(
    again.map((r) => [r.text, r.cached]),
    [
      ["answer a", true],
      ["answer b", true],
      ["answer c", false],
      ["answer a", false],
    ],
  );
  assert.equal(model.requests.length, 5, "3 first calls + c again + a's second sample");
  assert.deepEqual(resumed.stats(), { sent: 2, fromJournal: 2, failed: 0, rateLimited: 0 });
  const c = db.prepare("SELECT status, attempts FROM calls WHERE run_id = ? AND request LIKE '%\"c\"%'").get(run.id);
  assert.deepEqual(c, { status: "done", attempts: 2 });
  db.close();
});

test("a database from a newer auditllm is refused with a clear message", (t) => {
  const { path, cleanup } = tempDb();
  t.after(cleanup);
  const db = openDatabase(path);
  db.pragma("user_version = 999");
  db.close();
  assert.throws(() => openDatabase(path), /newer auditllm/);
});
