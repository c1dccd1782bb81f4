/**
 * The batch use cases from code, with real parts: a scripted OpenAI-compatible server, SQLite in a temporary
 * folder. startBatch stores a run and returns its id (the same settings again give the same unfinished run);
 * cancelBatch stops runBatch resumably; resumeBatch + runBatch finish it without repeating a finished call.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { getRun, itemCounts, openDatabase } from "../../store/index.js";
import { auditScript } from "../../testing/audit-script.js";
import { startTestLlmServer } from "../../testing/llm-server.js";
import { testCacheDir } from "../../testing/paths.js";
import { CancelledError } from "../errors.js";
import { cancelBatch, resumeBatch, runBatch, startBatch } from "./index.js";

test("startBatch returns the run id; cancelBatch stops runBatch resumably; resumed, it ends with every call made once", async (t) => {
  const script = auditScript({ latencyMs: 30 });
  const llm = await startTestLlmServer({ reply: script.reply, models: ["m"] });
  const home = mkdtempSync(join(tmpdir(), "auditllm-app-batch-"));
  t.after(async () => {
    await llm.close();
    rmSync(home, { recursive: true, force: true });
  });
  const env = { AUDITLLM_HOME: home, AUDITLLM_CACHE: testCacheDir(), OPENAI_COMPATIBLE_BASE_URL: llm.openaiBaseUrl };
  const db = openDatabase(join(home, "auditllm.db"));
  t.after(() => db.close());
  const input = join(home, "questions.txt");
  writeFileSync(input, Array.from({ length: 12 }, (_, i) => `What is fact ${i + 1} about owls?`).join("\n"));
  const settings = { target: "openai-compatible:m", probes: 2, concurrency: 2, metric: "lexical", out: join(home, "out") };
  const notes: string[] = [];
  const deps = { db, env, onNote: (note: string) => void notes.push(note) };

  const runId = await startBatch(input, settings, deps);
  assert.match(runId, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
  assert.equal(getRun(db, runId)?.status, "running");
  assert.equal(await startBatch(input, settings, deps), runId, "the same input and settings, unfinished: the same run");
  assert.match(notes.at(-1)!, new RegExp(`Resuming run ${runId}`));

  const stopped = runBatch(runId, deps, {
    progress: (snapshot) => {
      const timer = setInterval(() => snapshot().done >= 2 && cancelBatch(runId), 5);
      return () => clearInterval(timer);
    },
  });
  await assert.rejects(stopped, (e: unknown) => e instanceof CancelledError && e.message.includes(`--resume ${runId}`));
  assert.equal(getRun(db, runId)?.status, "cancelled");
  const partial = itemCounts(db, runId).done;
  assert.ok(partial >= 2 && partial < 12, `stopped part-way (${partial} done)`);
  assert.equal(cancelBatch(runId), false, "nothing of it runs any more");

  await resumeBatch(runId, deps);
  const outcome = await runBatch(runId, deps);
  assert.equal(getRun(db, runId)?.status, "done");
  assert.deepEqual(
    outcome.targets.map((s) => [s.target, s.audited]),
    [["openai-compatible:m", 12]],
  );
  assert.equal(outcome.files.length, 4, "csv, jsonl, html, xlsx");
  // Each question: one prober call and three answers (the question and two probes); none made twice.
  const keys = llm.requests.filter((r) => r.kind === "chat").map((r) => JSON.stringify([r.model, r.prompt]));
  assert.ok(keys.length <= 12 * 4 + 2, `${keys.length} calls for 48 needed (at most the ones in flight at the cancel again)`);
  assert.equal(new Set(keys).size, 12 * 4, "every call needed was made");
  const fresh = await startBatch(input, settings, deps, { fresh: true });
  assert.notEqual(fresh, runId, "fresh: a new run");
});
