/**
 * One pass of csv-parse's streaming parser over a file from a byte offset, yielding each record with the
 * file's real line numbers and byte range, and ending at the first parse error with where its record
 * starts (the caller resumes after that line: see csv.ts). Records are taken in `on_record`, so none
 * is lost when the parser fails later in the same chunk; the file is read one chunk ahead at most.
 */
import { createReadStream } from "node:fs";
import { parse, type CsvError, type Parser } from "csv-parse";
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
  /** Longest record in bytes before csv-parse gives up on it (bounds what an unclosed quote can swallow). */
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
  error: CsvError;
  /** Where the record that failed starts. */
  line: number;
  start: number;
  /** Whether the parser had gone past that line when it failed (a quoted field ran on over line breaks). */
  runsOn: boolean;
}

export async function* csvSegment(path: string, options: SegmentOptions): AsyncGenerator<SegmentRecord | SegmentError> {
  const file = createReadStream(path, { start: options.start, highWaterMark: 64 * 1024 });
  const lines = new LineCounter(options.start, options.linesBefore);
  let origin = options.start; // file offset of the parser's first byte
  let skipping = options.skipFirstLine ?? false;
  const ended: { fields: string[]; end: number }[] = [];
  const parser = parse({
    delimiter: options.delimiter,
    quote: options.quote ? '"' : null,
    record_delimiter: ["\r\n", "\n"], // files that mix both still end every line cleanly
    bom: options.start === 0,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: options.maxRecordSize,
    on_record: (fields: string[], context) => {
      ended.push({ fields, end: origin + context.bytes });
      return null;
    },
  });
  parser.on("error", () => {}); // reported through write/end below
  parser.resume();
  let previousEnd = origin;
  function* records(): Generator<SegmentRecord> {
    for (const { fields, end } of ended) {
      const { offset, line } = lines.contentAt(previousEnd);
      yield { kind: "record", fields, line, lastLine: lines.lineAt(Math.max(offset, end - 1)), start: offset, end };
      previousEnd = end;
    }
    ended.length = 0;
  }
  // csv-parse counts lines from 1 at the first byte it is given (and twice per CRLF inside quotes, so only "past or not" is used).
  const firstLine = options.linesBefore + 1 + (options.skipFirstLine ? 1 : 0);
  const failure = (error: CsvError): SegmentError => {
    const { offset, line } = lines.contentAt(previousEnd);
    return { kind: "error", error, line, start: offset, runsOn: firstLine + Number(error.lines) - 1 > line };
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
      const error = part.length ? await write(parser, part) : undefined;
      yield* records();
      if (error) {
        yield failure(error);
        return;
      }
    }
    if (skipping) return;
    const error = await end(parser);
    yield* records();
    if (error) yield failure(error);
  } finally {
    file.destroy();
    parser.destroy();
  }
}

function write(parser: Parser, chunk: Buffer): Promise<CsvError | undefined> {
  return new Promise((resolve) => parser.write(chunk, (error) => resolve((error ?? undefined) as CsvError | undefined)));
}

function end(parser: Parser): Promise<CsvError | undefined> {
  return new Promise((resolve) => {
    parser.once("error", (error) => resolve(error as CsvError));
    parser.once("finish", () => resolve(undefined));
    parser.end();
  });
}
