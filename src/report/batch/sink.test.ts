import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { Writable } from "node:stream";
import { REPORT_FILES, REPORT_FORMATS, writeReport } from "./index.js";
import { quizRow, runInfo, sourceOf } from "../../testing/batch-rows.js";
import type { BatchRow } from "./types.js";

/** A slow consumer: takes one chunk per event-loop turn and reports how much was ever queued in it. */
function slowStream() {
  let maxQueued = 0;
  let bytes = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const ok = (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    maxQueued = Math.max(maxQueued, stream.writableLength);
    return ok;
  }) as typeof stream.write;
  return { stream, stats: () => ({ maxQueued, bytes }) };
}

for (const format of ["csv", "jsonl"] as const) {
  test(`${format}: rows are pulled only as fast as a slow output takes them (backpressure)`, async () => {
    const run = runInfo();
    const { stream, stats } = slowStream();
    await writeReport(
      format,
      sourceOf(run, function* () {
        for (let idx = 0; idx < 3000; idx++) yield quizRow(idx, run.targets[0], 0);
      }),
      stream,
    );
    const { maxQueued, bytes } = stats();
    assert.ok(bytes > 300_000, `wrote ${bytes} bytes`);
    assert.ok(maxQueued < 16 * 1024 + 4 * 64 * 1024, `at most one chunk waits beyond the high-water mark (saw ${maxQueued})`);
    assert.equal(stream.writableEnded, false, "a stream passed in is left open");
  });
}

test("a file path is written whole or not at all: a failing source leaves no file and no temporary file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-report-"));
  try {
    const run = runInfo();
    const good = sourceOf(run, () => [quizRow(0, run.targets[0], 0), quizRow(0, run.targets[1], 1)]);
    for (const format of REPORT_FORMATS) await writeReport(format, good, join(dir, REPORT_FILES[format]));
    assert.deepEqual(readdirSync(dir).sort(), ["report.html", "results.csv", "results.jsonl", "results.xlsx"]);
    assert.match(readFileSync(join(dir, "results.csv"), "utf8"), /^idx,line,id,question/);

    const bad = {
      run,
      async *rows(): AsyncGenerator<BatchRow> {
        yield quizRow(1, run.targets[0], 0);
        throw new Error("the store went away");
      },
    };
    for (const format of REPORT_FORMATS) {
      const path = join(dir, `broken-${REPORT_FILES[format]}`);
      await assert.rejects(writeReport(format, bad, path), /the store went away/);
      assert.equal(existsSync(path), false);
    }
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith(".part")),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an output that fails makes writeReport fail (no hang, no unhandled error)", async () => {
  const broken = new Writable({
    highWaterMark: 1024,
    write(_chunk, _enc, done) {
      done(new Error("disk full"));
    },
  });
  const run = runInfo();
  await assert.rejects(
    writeReport(
      "jsonl",
      sourceOf(run, function* () {
        for (let idx = 0; idx < 2000; idx++) yield quizRow(idx, run.targets[0], 0);
      }),
      broken,
    ),
    /disk full/,
  );
});

test("REPORT_FILES names each format's file; an unknown format is refused", async () => {
  assert.deepEqual(REPORT_FILES, { csv: "results.csv", jsonl: "results.jsonl", html: "report.html", xlsx: "results.xlsx" });
  await assert.rejects(writeReport("pdf" as never, sourceOf(runInfo(), []), new Writable({ write: (_c, _e, d) => d() })), /Unknown report format "pdf"/);
});
