/**
 * A streaming scanner for delimited text: RFC 4180 quoting (optional), records ending at "\r\n" or "\n"
 * (a lone "\r" is text), a UTF-8 BOM dropped at the start, empty lines skipped, any number of fields per
 * record (the caller checks the count). It stops at the first malformed record with what is wrong and the
 * byte that showed it, so the caller can report the record's line and resume after it (csv.ts).
 *
 * It took over from csv-parse (which ran strict with the same options): that parser, cold, spent ~65 ms on
 * 300 TruthfulQA rows, a sixth of a batch's time before its first call; this one works on bytes (the
 * delimiter, quote and line breaks are ASCII, so they never occur inside a multi-byte UTF-8 character) and
 * decodes each field once. `csv-scan.test.ts` checks it against csv-parse on random inputs.
 */

export type CsvProblem =
  /** The input ended inside a quoted field. */
  | "CSV_QUOTE_NOT_CLOSED"
  /** Something other than a delimiter, a line break or the end follows a quoted field's closing quote. */
  | "CSV_INVALID_CLOSING_QUOTE"
  /** A quote inside an unquoted field. */
  | "INVALID_OPENING_QUOTE"
  /** A record runs past `maxRecordSize` bytes. */
  | "CSV_MAX_RECORD_SIZE";

export interface CsvScanError {
  code: CsvProblem;
  message: string;
  /** Offset, from the scanner's first byte, of the byte where the problem showed. */
  at: number;
}

export interface ScannedRecord {
  fields: string[];
  /** Offset, from the scanner's first byte, just past the record's line break (or the input's end). */
  end: number;
}

export interface CsvScanOptions {
  /** A one-character (ASCII) delimiter. */
  delimiter: string;
  /** Double-quote quoting on, or quotes as ordinary characters. */
  quote: boolean;
  /** Longest record, in bytes without its line break. */
  maxRecordSize: number;
  /** Drop a UTF-8 BOM before the first record. */
  bom: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BOM = [0xef, 0xbb, 0xbf] as const;
const EMPTY = Buffer.alloc(0);

/** Where the scanner is inside a record. */
enum At {
  /** At a field's first byte. */
  FieldStart,
  /** Inside an unquoted field. */
  Plain,
  /** Inside a quoted field. */
  Quoted,
}

export class CsvScanner {
  private readonly delimiter: number;
  private readonly quote: boolean;
  private readonly maxRecordSize: number;
  private bomPending: boolean;
  /** Bytes not yet consumed: the current field's (from `fieldStart`) and what follows; buf[0] is at offset `base`. */
  private buf: Buffer = EMPTY;
  private base = 0;
  /** Next byte to look at, in buf. */
  private pos = 0;
  private at = At.FieldStart;
  private fieldStart = 0;
  /** The quoted field being read holds a doubled quote. */
  private doubled = false;
  /** Fields of the record being read, and the offset of its first byte. */
  private fields: string[] = [];
  private recordStart = 0;
  private failed = false;

  constructor(options: CsvScanOptions) {
    if (options.delimiter.length !== 1 || options.delimiter.charCodeAt(0) > 0x7f)
      throw new RangeError(`CsvScanner: the delimiter must be one ASCII character, not ${JSON.stringify(options.delimiter)}`);
    this.delimiter = options.delimiter.charCodeAt(0);
    this.quote = options.quote;
    this.maxRecordSize = options.maxRecordSize;
    this.bomPending = options.bom;
  }

  /** Scans the next bytes, appending the records they complete to `out`; returns the problem that stops the scan, if any. */
  push(chunk: Buffer, out: ScannedRecord[]): CsvScanError | undefined {
    if (this.failed) throw new Error("CsvScanner: push after an error");
    if (!chunk.length) return undefined;
    this.buf = this.buf.length > this.fieldStart ? Buffer.concat([this.buf.subarray(this.fieldStart), chunk]) : chunk;
    this.base += this.fieldStart;
    this.pos -= this.fieldStart;
    this.fieldStart = 0;
    return this.scan(false, out);
  }

  /** The input has ended: appends its last record, if any, to `out`; returns the problem with it, if any. */
  end(out: ScannedRecord[]): CsvScanError | undefined {
    if (this.failed) throw new Error("CsvScanner: end after an error");
    return this.scan(true, out);
  }

  private scan(final: boolean, out: ScannedRecord[]): CsvScanError | undefined {
    const buf = this.buf;
    const len = buf.length;
    const delimiter = this.delimiter;
    const quote = this.quote;
    let pos = this.pos;
    // Where the delimiter, "\n", "\r" and the quote next occur at or after `pos` (len: nowhere), found on demand.
    let nextDelimiter = -1;
    let nextLf = -1;
    let nextCr = -1;
    let nextQuote = -1;
    if (this.bomPending) {
      if (len < BOM.length && !final) return undefined;
      this.bomPending = false;
      if (buf[0] === BOM[0] && buf[1] === BOM[1] && buf[2] === BOM[2]) pos = this.fieldStart = this.recordStart = BOM.length;
    }
    const limit = (): CsvScanError | undefined =>
      this.base + pos - this.recordStart > this.maxRecordSize
        ? this.fail("CSV_MAX_RECORD_SIZE", `the record is longer than ${this.maxRecordSize} bytes`, this.recordStart + this.maxRecordSize)
        : undefined;
    // Ends the record whose line break starts at `pos` and runs to `next`; the open field (from fieldStart) is added first unless `field` is false.
    const endRecord = (next: number, field: boolean): CsvScanError | undefined => {
      if (field) this.fields.push(this.text(this.fieldStart, pos));
      const problem = limit();
      if (problem) return problem;
      out.push({ fields: this.fields, end: this.base + next });
      this.fields = [];
      pos = this.fieldStart = next;
      this.recordStart = this.base + next;
      this.at = At.FieldStart;
      return undefined;
    };
    while (pos < len) {
      if (this.at === At.FieldStart) {
        const c = buf[pos]!;
        if (quote && c === QUOTE) {
          this.at = At.Quoted;
          this.doubled = false;
          this.fieldStart = ++pos;
          continue;
        }
        if (c === delimiter) {
          this.fields.push("");
          this.fieldStart = ++pos;
          continue;
        }
        if (c === LF || c === CR) {
          const next = c === LF ? pos + 1 : lineBreakEnd(buf, pos, final);
          if (next === undefined) break; // a "\r" at the chunk's end: wait for the next byte
          if (next > 0) {
            if (this.fields.length) {
              // After a delimiter: the record ends with an empty field.
              const problem = endRecord(next, true);
              if (problem) return problem;
            } else {
              // An empty line is skipped.
              pos = this.fieldStart = next;
              this.recordStart = this.base + next;
            }
            continue;
          }
        }
        this.at = At.Plain;
        this.fieldStart = pos;
      }
      if (this.at === At.Plain) {
        // The field ends at the first delimiter or line break; a quote in it is an error. Each byte's next
        // occurrence is looked up natively and kept until the scan passes it.
        if (nextDelimiter < pos) nextDelimiter = find(buf, delimiter, pos);
        if (nextLf < pos) nextLf = find(buf, LF, pos);
        if (nextCr < pos) nextCr = find(buf, CR, pos);
        if (quote && nextQuote < pos) nextQuote = find(buf, QUOTE, pos);
        const stop = Math.min(nextDelimiter, nextLf, nextCr, quote ? nextQuote : len);
        if (stop === len) {
          pos = len;
          break;
        }
        pos = stop;
        if (stop === nextCr) {
          const next = lineBreakEnd(buf, pos, final);
          if (next === undefined) break; // wait for the byte after the "\r"
          if (next === 0) {
            pos++; // a lone "\r" is text
            continue;
          }
          const problem = endRecord(next, true);
          if (problem) return problem;
          continue;
        }
        if (stop === nextQuote && quote) return this.fail("INVALID_OPENING_QUOTE", "a quote inside an unquoted field", this.base + pos);
        if (stop === nextDelimiter) {
          this.fields.push(this.text(this.fieldStart, pos));
          this.fieldStart = ++pos;
          this.at = At.FieldStart;
          continue;
        }
        const problem = endRecord(pos + 1, true);
        if (problem) return problem;
        continue;
      }
      // Quoted: find the next quote and see what follows it.
      if (nextQuote < pos) nextQuote = find(buf, QUOTE, pos);
      const close = nextQuote;
      if (close === len) {
        pos = len;
        break;
      }
      if (close + 1 === len && !final) {
        pos = close; // what follows the quote is in the next chunk
        break;
      }
      const after = buf[close + 1];
      if (after === QUOTE) {
        this.doubled = true;
        pos = close + 2;
        continue;
      }
      let next: number | undefined;
      if (after === undefined) next = len;
      else if (after === delimiter) next = -1;
      else if (after === LF) next = close + 2;
      else if (after === CR) {
        next = lineBreakEnd(buf, close + 1, final);
        if (next === undefined) {
          pos = close;
          break;
        }
      }
      if (next === undefined || next === 0) return this.fail("CSV_INVALID_CLOSING_QUOTE", "text follows the closing quote of a quoted field", this.base + close + 1);
      if (next < 0) {
        this.fields.push(this.text(this.fieldStart, close));
        this.fieldStart = pos = close + 2;
        this.at = At.FieldStart;
        continue;
      }
      this.fields.push(this.text(this.fieldStart, close));
      pos = close; // endRecord measures the record up to here
      const problem = endRecord(next, false);
      if (problem) return problem;
    }
    this.pos = pos;
    const problem = limit();
    if (problem || !final) return problem;
    // The end of the input ends the last record.
    if (this.at === At.Quoted) return this.fail("CSV_QUOTE_NOT_CLOSED", "the input ends inside a quoted field", this.base + len - 1);
    if (this.at === At.Plain || this.fields.length) return endRecord(len, true);
    return undefined;
  }

  /** The field from buf[start] to buf[end], with doubled quotes made single when in a quoted field. */
  private text(start: number, end: number): string {
    const value = this.buf.toString("utf8", start, end);
    if (this.at !== At.Quoted || !this.doubled) return value;
    return value.replaceAll('""', '"');
  }

  private fail(code: CsvProblem, message: string, at: number): CsvScanError {
    this.failed = true;
    return { code, message, at };
  }
}

/** The offset of the next `byte` at or after `from`, or the buffer's length when there is none. */
function find(buf: Buffer, byte: number, from: number): number {
  const at = buf.indexOf(byte, from);
  return at < 0 ? buf.length : at;
}

/**
 * For a "\r" at buf[pos]: the offset past "\r\n" when a "\n" follows, 0 when another byte follows (the "\r" is
 * text), undefined when the buffer ends there and more input may come.
 */
function lineBreakEnd(buf: Buffer, pos: number, final: boolean): number | undefined {
  if (pos + 1 < buf.length) return buf[pos + 1] === LF ? pos + 2 : 0;
  return final ? 0 : undefined;
}
