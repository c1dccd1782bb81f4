/**
 * results.jsonl as a run goes: the lines of finished questions, appended in batches (every 64 KB or quarter
 * of a second) rather than one file write per question — a write each was a tenth of the CPU a question cost
 * in the throughput bench. What is in the store is in the file within a quarter of a second; a killed run
 * loses nothing, since a resumed run writes the file again from the store first.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";

const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 250;

export interface LiveResults {
  /** Appends lines; resolves at once, or when the file has taken what waited (backpressure). */
  add(lines: string): Promise<void> | undefined;
  /** Writes what waits and closes the file. */
  close(): Promise<void>;
}

export function liveResultsFile(path: string): LiveResults {
  const file = createWriteStream(path, { flags: "a" });
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  const flush = (): boolean => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const text = pending;
    pending = "";
    return text ? file.write(text) : true;
  };
  return {
    add(lines) {
      pending += lines;
      if (pending.length < FLUSH_BYTES) {
        timer ??= setTimeout(flush, FLUSH_MS).unref();
        return undefined;
      }
      // One wait for "drain" shared by every question that finds the file full (many finish at once).
      if (!flush()) return (draining ??= once(file, "drain").then(() => void (draining = undefined)));
      return undefined;
    },
    close() {
      flush();
      return new Promise((done) => file.end(done));
    },
  };
}
