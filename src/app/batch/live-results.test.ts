import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { liveResultsFile } from "./live-results.js";

const read = (path: string) => readFileSync(path, "utf8");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("results.jsonl: lines reach the file within a quarter of a second, after what was there, and all of them by close", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "auditllm-live-")), "results.jsonl");
  writeFileSync(path, '{"idx":0}\n'); // written from the store before a resumed run goes on
  const live = liveResultsFile(path);
  await live.add('{"idx":1}\n');
  await live.add('{"idx":2}\n');
  await sleep(600);
  assert.equal(read(path), '{"idx":0}\n{"idx":1}\n{"idx":2}\n');
  await live.add('{"idx":3}\n');
  await live.close();
  assert.equal(read(path), '{"idx":0}\n{"idx":1}\n{"idx":2}\n{"idx":3}\n');
});

test("results.jsonl: 64 KB of lines are written at once, in order, whatever the timer", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "auditllm-live-")), "results.jsonl");
  const live = liveResultsFile(path);
  const lines = Array.from({ length: 2000 }, (_, i) => `{"idx":${i},"pad":"${"x".repeat(60)}"}\n`);
  for (const line of lines) await live.add(line);
  await sleep(20); // less than the timer: only the full batches are in
  const early = read(path);
  assert.ok(early.length >= 64 * 1024, `${early.length} bytes written before the timer`);
  assert.ok(lines.join("").startsWith(early), "written in order, whole lines");
  await live.close();
  assert.equal(read(path), lines.join(""));
});
