import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { sharedSources } from "./shared-source.js";
import type { BatchRow, BatchRunInfo, ReportSource } from "./types.js";

/** A source of `n` rows that counts how often its rows are read, and can fail at a row. */
function counted(n: number, options: { targets?: string[]; failAt?: number } = {}) {
  const targets = options.targets ?? ["t"];
  const stats = { reads: 0, rowsRead: 0, closed: 0, ownReads: 0 };
  const source: ReportSource = {
    run: { targets } as unknown as BatchRunInfo,
    async *rows() {
      stats.reads++;
      try {
        for (let idx = 0; idx < n; idx++) {
          for (const target of targets) {
            if (idx === options.failAt) throw new Error(`row ${idx} is unreadable`);
            stats.rowsRead++;
            yield { idx, target } as unknown as BatchRow;
          }
        }
      } finally {
        stats.closed++;
      }
    },
    async *rowsOf(target) {
      stats.ownReads++;
      for (let idx = 0; idx < n; idx++) yield { idx, target } as unknown as BatchRow;
    },
  };
  return { source, stats };
}

async function collect(rows: AsyncIterable<BatchRow>, each?: (row: BatchRow) => Promise<void> | void): Promise<number[]> {
  const seen: number[] = [];
  for await (const row of rows) {
    seen.push(row.idx);
    await each?.(row);
  }
  return seen;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("shared report source", () => {
  it("hands every writer every row from a single read", async () => {
    const { source, stats } = counted(1000);
    const shared = sharedSources(source, 3);
    const got = await Promise.all(shared.sources.map((s) => collect(s.rows())));
    assert.deepEqual(got, [range(1000), range(1000), range(1000)]);
    assert.deepEqual(stats, { reads: 1, rowsRead: 1000, closed: 1, ownReads: 0 });
  });

  it("keeps the writers in step: the fastest is never more than a chunk ahead of the slowest", async () => {
    const { source } = counted(300);
    const shared = sharedSources(source, 2, 16);
    const at = [0, 0];
    let widest = 0;
    const track = (i: number) => () => {
      at[i]!++;
      widest = Math.max(widest, Math.abs(at[0]! - at[1]!));
    };
    const fast = track(0);
    const slowStep = track(1);
    await Promise.all([collect(shared.sources[0]!.rows(), fast), collect(shared.sources[1]!.rows(), async () => (slowStep(), await sleep(0)))]);
    assert.deepEqual(at, [300, 300]);
    assert.ok(widest <= 16, `the writers were ${widest} rows apart`);
  });

  it("a writer that stops early, or never reads, does not hold up the others", async () => {
    const { source, stats } = counted(200);
    const shared = sharedSources(source, 3, 8);
    const early = (async () => {
      const seen: number[] = [];
      for await (const row of shared.sources[0]!.rows()) {
        seen.push(row.idx);
        if (seen.length === 20) break;
      }
      return seen;
    })();
    shared.close(2); // the third writer failed before reading
    const [first, second] = await Promise.all([early, collect(shared.sources[1]!.rows())]);
    assert.deepEqual(first, range(20));
    assert.deepEqual(second, range(200));
    assert.equal(stats.reads, 1);
  });

  it("a failed read fails every writer", async () => {
    const { source } = counted(100, { failAt: 40 });
    const shared = sharedSources(source, 2, 8);
    const outcomes = await Promise.allSettled(shared.sources.map((s) => collect(s.rows())));
    assert.deepEqual(
      outcomes.map((o) => (o.status === "rejected" ? (o.reason as Error).message : "ok")),
      ["row 40 is unreadable", "row 40 is unreadable"],
    );
  });

  it("on a run of several targets, a writer reading a target at a time reads on its own and leaves the group", async () => {
    const { source, stats } = counted(50, { targets: ["a", "b"] });
    const shared = sharedSources(source, 2, 8);
    const perTarget = (async () => [...(await collect(shared.sources[1]!.rowsOf!("a"))), ...(await collect(shared.sources[1]!.rowsOf!("b")))])();
    const [all, byTarget] = await Promise.all([collect(shared.sources[0]!.rows()), perTarget]);
    assert.equal(all.length, 100);
    assert.deepEqual(byTarget, [...range(50), ...range(50)]);
    assert.deepEqual([stats.reads, stats.ownReads], [1, 2]);
  });

  it("refuses a second read by the same writer", async () => {
    const { source } = counted(5);
    const shared = sharedSources(source, 1);
    assert.deepEqual(await collect(shared.sources[0]!.rows()), range(5));
    await assert.rejects(collect(shared.sources[0]!.rows()), /reads the rows twice/);
  });
});
