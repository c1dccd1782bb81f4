/**
 * One pass of the CSV scanner (csv-scan.ts) over a file from a byte offset, yielding each record with the
 * file's real line numbers and byte range, and ending at the first malformed record with where it starts
 * (the caller resumes after that line: see csv.ts). The records a chunk completes before a malformed one
 * all come first; the file is read one chunk ahead at most.
 */
import { createReadStream } from "node:fs";
import { CsvScanner, type CsvScanError, type ScannedRecord } from "./csv-scan.js";
import { LineCounter } from "./line-counter.js";

export interface SegmentOptions {
  delimiter: string;
  /** Double-quote quoting (RFC 4180) on, or quotes as ordinary characters. */
  quote: boolean;
  /** Byte offset to start at, and the line breaks before it. */
  start: number;
  linesBefore: number;
  /** Drop everything up to the first line break first (resuming after a broken record). */
  skipFirstLine?: boolean;
  /** Longest record in bytes before the scanner gives up on it (bounds what an unclosed quote can swallow). */
  maxRecordSize: number;
}

export interface SegmentRecord {
  kind: "record";
  fields: string[];
  /** First and last line of the record (they differ when a quoted field holds line breaks). */
  line: number;
  lastLine: number;
  /** Byte offsets of the record's first character and just past its line break. */
  start: number;
  end: number;
}

export interface SegmentError {
  kind: "error";
  error: CsvScanError;
  /** Where the record that failed starts. */
  line: number;
  start: number;
  /** Whether the parser had gone past that line when it failed (a quoted field ran on over line breaks). */
  runsOn: boolean;
}

export async function* csvSegment(path: string, options: SegmentOptions): AsyncGenerator<SegmentRecord | SegmentError> {
  const file = createReadStream(path, { start: options.start, highWaterMark: 64 * 1024 });
  const lines = new LineCounter(options.start, options.linesBefore);
  let origin = options.start; // file offset of the scanner's first byte
  let skipping = options.skipFirstLine ?? false;
  const scanner = new CsvScanner({ delimiter: options.delimiter, quote: options.quote, maxRecordSize: options.maxRecordSize, bom: options.start === 0 });
  const ended: ScannedRecord[] = [];
  let previousEnd = origin;
  function* records(): Generator<SegmentRecord> {
    for (const { fields, end } of ended) {
      const { offset, line } = lines.contentAt(previousEnd);
      const next = origin + end;
      yield { kind: "record", fields, line, lastLine: lines.lineAt(Math.max(offset, next - 1)), start: offset, end: next };
      previousEnd = next;
    }
    ended.length = 0;
  }
  const failure = (error: CsvScanError): SegmentError => {
    const { offset, line } = lines.contentAt(previousEnd);
    return { kind: "error", error, line, start: offset, runsOn: lines.lineAt(Math.max(offset, origin + error.at)) > line };
  };
  try {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      lines.push(chunk);
      let part = chunk;
      if (skipping) {
        const lf = chunk.indexOf(0x0a);
        origin += lf < 0 ? chunk.length : lf + 1;
        previousEnd = origin;
        if (lf < 0) continue;
        skipping = false;
        part = chunk.subarray(lf + 1);
      }
      const error = scanner.push(part, ended);
      yield* records();
      if (error) {
        yield failure(error);
        return;
      }
    }
    if (skipping) return;
    const error = scanner.end(ended);
    yield* records();
    if (error) yield failure(error);
  } finally {
    file.destroy();
  }
}
