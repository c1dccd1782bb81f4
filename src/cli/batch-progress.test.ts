import assert from "node:assert/strict";
import test from "node:test";
import { progressLine, providerLine } from "./batch-progress.js";

const wait = {
  stage: 2,
  roles: "answer",
  startedAt: 0,
  batches: [
    { id: "batch_abc", provider: "openai", status: "in_progress", total: 120, done: 60, failed: 2 },
    { id: "", provider: "openai", status: "preparing", total: 30, done: 0, failed: 0 },
  ],
};

test("--via batch-api progress names the stage, each provider batch's status and counts, and the time waited", () => {
  assert.equal(providerLine(wait, 95_000), "stage 2 (answer): openai batch_abc in_progress 60/120 done, 2 failed; openai (sending) preparing 0/30 done · waited 1m35s");
  const line = progressLine({ done: 3, failed: 0, total: 20, calls: 0, rateLimited: 0, lanes: [], provider: wait }, 0, 10);
  assert.match(line, /^3\/20 questions · .* · stage 2 \(answer\): openai batch_abc in_progress 60\/120 done, 2 failed; .* · waited \S+$/);
});
