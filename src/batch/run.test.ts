import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { addItems, createRun, itemCounts, openDatabase } from "../store/index.js";
import { overlapMetric } from "../testing/overlap-metric.js";
import { processBatch } from "./run.js";

const config = { prober: "none", probeCount: 0, samples: 1, temperature: 0.5, proberTemperature: 0, maxTokens: 64, diversity: "medium" as const };

test("questions that need no call still let timers and output run between them, and a slow output holds the run back", async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "auditllm-run-")), "t.db"));
  const run = createRun(db, "batch", {});
  const rows = Array.from({ length: 300 }, (_, idx) => ({ idx, row: { line: idx + 1, question: `Question ${idx}?`, meta: {}, responses: ["one answer", "another answer"] } }));
  addItems(db, run.id, rows);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  let inOutput = 0;
  let most = 0;
  await processBatch({
    db,
    runId: run.id,
    targets: ["unused"],
    config,
    deps: { complete: () => Promise.reject(new Error("no call is needed")), metric: overlapMetric },
    window: 4,
    onItem: async () => {
      most = Math.max(most, ++inOutput);
      await new Promise((resolve) => setImmediate(resolve));
      inOutput--;
    },
  });
  clearInterval(timer);
  assert.equal(itemCounts(db, run.id).done, 300);
  assert.ok(ticks > 10, `timers ran during the run (${ticks} ticks)`);
  assert.ok(most >= 1 && most <= 4, `each worker waits for its output before the next question (at most the window, 4, pending; saw ${most})`);
});
