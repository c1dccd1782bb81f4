import assert from "node:assert/strict";
import test from "node:test";
import { createCallJournal } from "./call-journal.js";
import { openDatabase } from "./db.js";
import { createRun } from "./runs.js";
import { runUsage } from "./usage.js";

test("usage per model × role × live/batch from the calls' usage fields; a call without usage is estimated from its text (4 characters a token) and counted as estimated", async () => {
  const db = openDatabase(":memory:");
  const run = createRun(db, "batch", {});
  const journal = createCallJournal(db, run.id);
  const spec = (content: string) => ({ role: "answer" as const, model: "openai:gpt-4o-mini", messages: [{ role: "user" as const, content }], temperature: 0, sampleIndex: 0 });
  await journal.begin("a", spec("x".repeat(40)), 1);
  await journal.succeed("a", { text: "ok", finishReason: "stop", usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4 }, warnings: [] }, 5);
  await journal.begin("b", spec("y".repeat(41)), 1);
  await journal.succeed("b", { text: "z".repeat(8), finishReason: "stop", usage: {}, warnings: [] }, 5);
  await journal.begin("c", spec("never answered"), 1);
  db.prepare("UPDATE calls SET via = 'batch' WHERE key = 'a'").run();
  assert.deepEqual(runUsage(db, run.id), [
    { model: "openai:gpt-4o-mini", role: "answer", via: "batch", calls: 1, inputTokens: 12, cachedInputTokens: 4, outputTokens: 3, estimatedCalls: 0 },
    { model: "openai:gpt-4o-mini", role: "answer", via: "live", calls: 1, inputTokens: 11, cachedInputTokens: 0, outputTokens: 2, estimatedCalls: 1 },
  ]);
});
