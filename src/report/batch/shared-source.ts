/**
 * One read of a run's rows for the reports written together (`writeRunReports`): each stored result is read
 * and parsed once and handed to every writer, instead of once per format. The writers take the rows in step:
 * one that has taken the current chunk waits until every writer still reading has taken it too, so at most
 * one chunk of rows is held, however large the run. A writer that ends or fails leaves the group (`close`),
 * and so does one that reads a target at a time (`rowsOf`) on a run of several targets: it reads on its own.
 */
import { rowsOf, type BatchRow, type ReportSource } from "./types.js";

export interface SharedSources {
  /** One source per writer, in the order given. */
  sources: ReportSource[];
  /** Writer `i` is done (or failed): the others stop waiting for it. Safe to call more than once. */
  close(i: number): void;
}

/** Rows handed over at a time. */
const CHUNK = 64;

export function sharedSources(source: ReportSource, writers: number, chunkSize = CHUNK): SharedSources {
  let upstream: AsyncIterator<BatchRow> | undefined;
  let chunk: BatchRow[] = [];
  let exhausted = false;
  /** Writers still in the group, and how many of them wait for the next chunk. */
  const inGroup = new Set<number>(Array.from({ length: writers }, (_, i) => i));
  const waiting = new Set<number>();
  let nextChunk: { promise: Promise<void>; resolve(): void; reject(error: unknown): void } | undefined;

  async function read(): Promise<void> {
    upstream ??= source.rows()[Symbol.asyncIterator]();
    const rows: BatchRow[] = [];
    while (rows.length < chunkSize) {
      const next = await upstream.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      rows.push(next.value);
    }
    chunk = rows;
  }

  /** Reads the next chunk once every writer in the group waits for it. */
  function advanceIfAll(): void {
    if (!nextChunk || waiting.size < inGroup.size) return;
    const { resolve, reject } = nextChunk;
    nextChunk = undefined;
    waiting.clear();
    read().then(resolve, reject);
  }

  function nextFor(i: number): Promise<void> {
    waiting.add(i);
    if (!nextChunk) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      nextChunk = { promise, resolve, reject };
    }
    const { promise } = nextChunk;
    advanceIfAll();
    return promise;
  }

  function leave(i: number): void {
    if (!inGroup.delete(i)) return;
    waiting.delete(i);
    if (inGroup.size === 0) void upstream?.return?.();
    else advanceIfAll();
  }

  async function* rowsFor(i: number): AsyncGenerator<BatchRow> {
    if (!inGroup.has(i)) throw new Error(`sharedSources: writer ${i} reads the rows twice, or after it closed`);
    try {
      for (;;) {
        await nextFor(i);
        yield* chunk;
        if (exhausted) return;
      }
    } finally {
      leave(i);
    }
  }

  const sources = Array.from({ length: writers }, (_, i): ReportSource => {
    const own: ReportSource = { run: source.run, rows: () => rowsFor(i) };
    if (source.run.targets.length > 1) {
      // A target at a time: this writer reads those rows itself, and no longer holds up the group.
      own.rowsOf = (target) => {
        leave(i);
        return rowsOf(source, target);
      };
    }
    return own;
  });
  return { sources, close: leave };
}
