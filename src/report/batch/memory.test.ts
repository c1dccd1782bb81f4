/** Memory stays flat: tens of thousands of questions × 2 targets go through every format (and JUnit XML) while the heap (after GC) stays put. */
import assert from "node:assert/strict";
import test from "node:test";
import { Writable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BatchRow, ReportFormat } from "./types.js";
import { writeJunitReport, writeReport } from "./index.js";
import { quizRow, runInfo, sourceOf } from "../../testing/batch-rows.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const QUESTIONS = 50_000;
const run = runInfo();

/** The rows, generated lazily; the heap is measured (after a full GC) at 20% and at 100% of the stream. */
function measured(questions: number, heap: number[]) {
  return function* (): Generator<BatchRow> {
    for (let idx = 0; idx < questions; idx++) {
      if (idx === questions / 5 || idx === questions - 1) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
      for (const [t, target] of run.targets.entries()) yield quizRow(idx, target, t);
    }
  };
}

async function write(format: ReportFormat, questions: number, heap: number[] = []): Promise<{ bytes: number; text: string }> {
  let bytes = 0;
  let text = "";
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (format === "html") text += chunk.toString("utf8");
      done();
    },
  });
  await writeReport(format, sourceOf(run, measured(questions, heap)), out);
  return { bytes, text };
}

/** Heap growth (after GC) between 20% and 100% of the rows: keeping the rows (~6 KB each in memory) would show. */
function growth(heap: number[]): number {
  return heap[1] - heap[0];
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

for (const format of ["csv", "jsonl"] as const) {
  test(`${format}: 10,000 questions × 2 targets stream through in flat memory`, async () => {
    const heap: number[] = [];
    const { bytes } = await write(format, 10_000, heap);
    assert.ok(bytes > 10_000 * 2 * 100, `wrote ${mb(bytes)}`);
    assert.ok(growth(heap) < 16 * 1024 * 1024, `heap grew by ${mb(growth(heap))} over 16,000 rows (holding them would take ~90 MB)`);
  });
}

test(`html: ${QUESTIONS.toLocaleString("en-US")} questions × 2 targets in flat memory, and a page of bounded size`, async () => {
  const heap: number[] = [];
  const large = await write("html", QUESTIONS, heap);
  assert.ok(growth(heap) < 24 * 1024 * 1024, `heap grew by ${mb(growth(heap))} over 80,000 rows (holding them would take ~500 MB)`);
  const small = await write("html", 5_000);
  assert.ok(large.bytes < 5 * 1024 * 1024, `page of ${mb(large.bytes)}`);
  assert.ok(large.bytes < small.bytes * 1.3, `10× the questions, about the same page: 5k questions ${mb(small.bytes)}, 50k ${mb(large.bytes)}`);
  assert.equal(large.text.match(/class="pt"/g)?.length, 2 * 3000, "3,000 scatter points per target");
  assert.match(large.text, /showing a random sample of 3,000/);
  assert.equal(large.text.match(/<article class="worst">/g)?.length, 50, "25 least consistent per target");
  assert.match(large.text, /Consistency audit of 50,000 questions/);
});

/** A sink that counts bytes (and keeps nothing). */
function counter(): { out: Writable; bytes: () => number } {
  let bytes = 0;
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { out, bytes: () => bytes };
}

test("xlsx: 10,000 questions × 2 targets (a sheet each, written one after the other) in flat memory", async () => {
  const heap: number[] = [];
  const { out, bytes } = counter();
  await writeReport("xlsx", sourceOf(run, measured(10_000, heap)), out);
  assert.ok(bytes() > 10_000 * 2 * 50, `wrote ${mb(bytes())} (zipped)`);
  // measured() samples the heap on each pass over the rows: [20%, 100%] of the first target's sheet, then the second's.
  assert.equal(heap.length, 4);
  assert.ok(growth(heap) < 16 * 1024 * 1024, `heap grew by ${mb(growth(heap))} over 8,000 rows of a sheet (holding them would take ~45 MB)`);
  assert.ok(heap[3]! - heap[0]! < 24 * 1024 * 1024, `heap grew by ${mb(heap[3]! - heap[0]!)} from the first sheet to the end of the second`);
});

test("junit: 10,000 questions × 2 targets (two passes a target) in flat memory", async () => {
  const heap: number[] = [];
  const { out, bytes } = counter();
  await writeJunitReport(sourceOf(run, measured(10_000, heap)), out);
  assert.ok(bytes() > 10_000 * 2 * 100, `wrote ${mb(bytes())}`);
  assert.ok(growth(heap) < 16 * 1024 * 1024, `heap grew by ${mb(growth(heap))} over 8,000 rows (holding them would take ~45 MB)`);
  assert.ok(Math.max(...heap) - heap[0]! < 24 * 1024 * 1024, `heap at most ${mb(Math.max(...heap) - heap[0]!)} above the first sample over four passes`);
});
