import assert from "node:assert/strict";
import test from "node:test";
import { createCallJournal } from "./call-journal.js";
import { openDatabase } from "./db.js";
import { createRun } from "./runs.js";
import { runUsage } from "./usage.js";

test("usage per model × role × live/batch from the calls' usage fields; a count missing is estimated from the text (4 characters a token) and the call counted as estimated", async () => {
  const db = openDatabase(":memory:");
  const run = createRun(db, "batch", {});
  const journal = createCallJournal(db, run.id);
  const spec = (content: string) => ({ role: "answer" as const, model: "openai:gpt-4o-mini", messages: [{ role: "user" as const, content }], temperature: 0, sampleIndex: 0 });
  await journal.begin("a", spec("x".repeat(40)), 1);
  await journal.succeed("a", { text: "ok", finishReason: "stop", usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4 }, warnings: [] }, 5);
  await journal.begin("b", spec("y".repeat(41)), 1);
  await journal.succeed("b", { text: "z".repeat(8), finishReason: "stop", usage: {}, warnings: [] }, 5);
  await journal.begin("c", spec("never answered"), 1);
  // Counts the adapter estimated itself; a server that gave the input's count only.
  await journal.begin("d", spec("w"), 1);
  await journal.succeed("d", { text: "ok", finishReason: "stop", usage: { inputTokens: 7, outputTokens: 1, estimated: true }, warnings: [] }, 5);
  await journal.begin("e", spec("v"), 1);
  await journal.succeed("e", { text: "z".repeat(9), finishReason: "stop", usage: { inputTokens: 3 }, warnings: [] }, 5);
  await journal.begin("f", { ...spec("u"), role: "probe" }, 1);
  await journal.succeed("f", { text: "p", finishReason: "stop", usage: { inputTokens: 2, outputTokens: 2 }, warnings: [] }, 5);
  db.prepare("UPDATE calls SET via = 'batch' WHERE key IN ('a', 'e')").run();
  assert.deepEqual(runUsage(db, run.id), [
    { model: "openai:gpt-4o-mini", role: "answer", via: "batch", calls: 2, inputTokens: 15, cachedInputTokens: 4, outputTokens: 6, estimatedCalls: 1 },
    { model: "openai:gpt-4o-mini", role: "answer", via: "live", calls: 2, inputTokens: 18, cachedInputTokens: 0, outputTokens: 3, estimatedCalls: 2 },
    { model: "openai:gpt-4o-mini", role: "probe", via: "live", calls: 1, inputTokens: 2, cachedInputTokens: 0, outputTokens: 2, estimatedCalls: 0 },
  ]);
});
