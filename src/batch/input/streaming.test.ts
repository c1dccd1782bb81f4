/**
 * Reading really streams: 200,000-row files (about 20 MB each) are read while the live heap, measured
 * after a forced garbage collection every 20,000 rows, stays under 8 MB above where it started (holding
 * the file's text would add 20 MB, holding the rows several times that; measured: about 2 MB).
 */
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { readInput } from "./index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ROWS = 200_000;
const BOUND = 8 * 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), "auditllm-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `header` and ROWS lines made by `line`, 10,000 at a time. */
function generate(name: string, header: string, line: (i: number) => string): string {
  const path = join(dir, name);
  writeFileSync(path, header);
  for (let start = 0; start < ROWS; start += 10_000) {
    appendFileSync(path, Array.from({ length: 10_000 }, (_, k) => line(start + k)).join(""));
  }
  return path;
}

async function peakGrowth(path: string): Promise<{ rows: number; growth: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let rows = 0;
  for await (const item of readInput(path)) {
    assert.ok(item.ok, !item.ok ? `${item.line}: ${item.error}` : "");
    if (++rows % 20_000 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
  }
  return { rows, growth: peak };
}

const padding = "lorem ipsum dolor sit amet";

describe("reading streams: memory stays flat over 200,000 rows", { timeout: 120_000 }, () => {
  it("JSON Lines", async (t) => {
    const path = generate("big.jsonl", "", (i) => `${JSON.stringify({ id: i, question: `Question number ${i}: ${padding}?`, category: `c${i % 38}`, note: padding })}\n`);
    assert.ok(statSync(path).size > 20 * 2 ** 20);
    const { rows, growth } = await peakGrowth(path);
    assert.equal(rows, ROWS);
    t.diagnostic(`peak live heap growth ${(growth / 2 ** 20).toFixed(1)} MB`);
    assert.ok(growth < BOUND, `heap grew ${(growth / 2 ** 20).toFixed(1)} MB`);
  });

  it("CSV", async (t) => {
    const path = generate("big.csv", "id,question,category,note\n", (i) => `${i},"Question number ${i}, ${padding}?",c${i % 38},${padding}\n`);
    assert.ok(statSync(path).size > 15 * 2 ** 20);
    const { rows, growth } = await peakGrowth(path);
    assert.equal(rows, ROWS);
    t.diagnostic(`peak live heap growth ${(growth / 2 ** 20).toFixed(1)} MB`);
    assert.ok(growth < BOUND, `heap grew ${(growth / 2 ** 20).toFixed(1)} MB`);
  });
});
