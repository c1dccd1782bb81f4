import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { uniform } from "../../testing/random.js";
import { CsvScanner, type CsvScanError, type CsvScanOptions, type ScannedRecord } from "./csv-scan.js";

interface Outcome {
  records: ScannedRecord[];
  error?: Pick<CsvScanError, "code">;
}

/** Our scanner, fed `input` in chunks of the given sizes (cycled), or whole. */
function scan(input: Buffer, options: CsvScanOptions, chunks: number[] = [input.length || 1]): Outcome & { at?: number } {
  const scanner = new CsvScanner(options);
  const records: ScannedRecord[] = [];
  for (let at = 0, i = 0; at < input.length; i++) {
    const size = chunks[i % chunks.length]!;
    const error = scanner.push(input.subarray(at, at + size), records);
    if (error) return { records, error: { code: error.code }, at: error.at };
    at += size;
  }
  const error = scanner.end(records);
  return error ? { records, error: { code: error.code }, at: error.at } : { records };
}

/** csv-parse with the options the reader used with it before the scanner took over. */
function reference(input: Buffer, options: CsvScanOptions): Outcome {
  const records: ScannedRecord[] = [];
  try {
    parse(input, {
      delimiter: options.delimiter,
      quote: options.quote ? '"' : null,
      record_delimiter: ["\r\n", "\n"],
      bom: options.bom,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: options.maxRecordSize,
      on_record: (fields: string[], context) => {
        records.push({ fields, end: context.bytes });
        return null;
      },
    });
    return { records };
  } catch (error) {
    return { records, error: { code: (error as { code: CsvScanError["code"] }).code } };
  }
}

const CSV: CsvScanOptions = { delimiter: ",", quote: true, maxRecordSize: 1 << 20, bom: true };
const records = (text: string, options = CSV) => scan(Buffer.from(text), options).records.map((r) => r.fields);

describe("CSV scanner", () => {
  it("reads RFC 4180 records: quoted fields with delimiters, doubled quotes and line breaks; CRLF and LF ends; empty lines skipped", () => {
    assert.deepEqual(records('a,b\r\n"x, y","say ""hi""\r\nthere"\n\n\r\n,\nlast'), [["a", "b"], ["x, y", 'say "hi"\r\nthere'], ["", ""], ["last"]]);
  });

  it("keeps a lone carriage return as text, drops a BOM only at the start, and decodes UTF-8 split across chunks", () => {
    const input = Buffer.from('\uFEFFé\rë,"ï"\r\n\uFEFFz\r');
    const whole = scan(input, CSV).records.map((r) => r.fields);
    assert.deepEqual(whole, [["é\rë", "ï"], ["\uFEFFz\r"]]);
    for (let size = 1; size <= 4; size++)
      assert.deepEqual(
        scan(input, CSV, [size]).records.map((r) => r.fields),
        whole,
        `chunks of ${size}`,
      );
  });

  it("gives each record's end: past its line break, or the input's end", () => {
    assert.deepEqual(scan(Buffer.from('a\r\n\n"b"\nc'), CSV).records, [
      { fields: ["a"], end: 3 },
      { fields: ["b"], end: 8 },
      { fields: ["c"], end: 9 },
    ]);
  });

  it("stops at a malformed record with the byte that showed it", () => {
    const cases: [string, CsvScanError["code"], number][] = [
      ['ok\n1,2" pipe\n', "INVALID_OPENING_QUOTE", 6],
      ['ok\n"a"b,c\n', "CSV_INVALID_CLOSING_QUOTE", 6],
      ['ok\n"a\nb\n', "CSV_QUOTE_NOT_CLOSED", 7],
    ];
    for (const [text, code, at] of cases) {
      const outcome = scan(Buffer.from(text), CSV);
      assert.deepEqual([outcome.records.map((r) => r.fields), outcome.error?.code, outcome.at], [[["ok"]], code, at], text);
    }
  });

  it("stops a record longer than the limit, quoted or not, and only that record", () => {
    const options = { ...CSV, maxRecordSize: 10 };
    assert.deepEqual(records("0123456789\nab\n", options), [["0123456789"], ["ab"]]);
    for (const text of ["ok\n0123456789a\n", 'ok\n"0123\n456789a\n', 'ok\n"0123456789abcdef']) {
      for (const size of [1, 3, 64]) {
        const outcome = scan(Buffer.from(text), options, [size]);
        assert.deepEqual([outcome.records.map((r) => r.fields), outcome.error?.code, outcome.at], [[["ok"]], "CSV_MAX_RECORD_SIZE", 13], `${text} in chunks of ${size}`);
      }
    }
  });

  it("treats quotes as text when quoting is off (TSV)", () => {
    assert.deepEqual(records('a"b\t"c"\td\n', { ...CSV, delimiter: "\t", quote: false }), [['a"b', '"c"', "d"]]);
  });

  it("agrees with csv-parse on 3,000 random inputs, fed whole and in small chunks", () => {
    const random = uniform(20261206);
    const alphabet = ["a", "b", ",", ";", '"', '"', "\n", "\r", "\r\n", " ", "é", "\uFEFF"];
    let errors = 0;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const options: CsvScanOptions = { ...CSV, delimiter: random() < 0.8 ? "," : ";", quote: random() < 0.85 };
      const input = Buffer.from(text);
      const expected = reference(input, options);
      if (expected.error) errors++;
      const label = `${JSON.stringify(text)} ${JSON.stringify(options)}`;
      // csv-parse gives no record once it fails; the records before the failure must agree.
      const whole = scan(input, options);
      const { at: _at, ...outcome } = whole;
      assert.deepEqual(outcome, expected, label);
      const chunked = scan(input, options, [1 + Math.floor(random() * 3), 1 + Math.floor(random() * 5)]);
      assert.deepEqual(chunked, whole, `${label} in chunks`);
    }
    assert.ok(errors > 300 && errors < 2700, `both outcomes are exercised (${errors} of 3,000 failed)`);
  });
});
