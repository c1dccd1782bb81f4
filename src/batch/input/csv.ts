/**
 * CSV and TSV. The first non-blank record is the header. CSV is RFC 4180 (double quotes, "" inside
 * them); when a .csv header has a single column and ";" or tab separates it into one with a question
 * column, that delimiter is used. TSV has no quoting (the common TSV: fields hold no tab or newline),
 * except that a field wholly in double quotes with its inner quotes doubled is unquoted.
 *
 * Rows whose field count differs from the header's are skipped with an error (trailing empty fields
 * are tolerated). A record with broken quoting is reported at its first line and reading resumes on
 * the line after it, so an unclosed quote costs one row, not the rest of the file; after
 * MAX_RESUMES such records the file is given up with one error.
 */
import type { InputItem } from "../types.js";
import { csvSegment, type SegmentOptions, type SegmentRecord } from "./csv-segment.js";
import { fileError, maxRecordLength, tooManyColumns, type Reader, type ReaderContext } from "./reader.js";
import { describeCsvError } from "./csv-errors.js";
import { isBlankRow, metaNames, tableLayout, tableRow, type TableLayout } from "./table.js";

export const MAX_RESUMES = 100;

export const readCsv: Reader = (context) => readDelimited(context, true);
export const readTsv: Reader = (context) => readDelimited(context, false);

async function* readDelimited(context: ReaderContext, csv: boolean): AsyncGenerator<InputItem, void, undefined> {
  const base = { quote: csv, maxRecordSize: maxRecordLength(context) };
  const { header, layout, delimiter } = await readHeader(context, csv, base);
  for (const name of metaNames(layout)) context.addColumn(name);
  let at: Pick<SegmentOptions, "start" | "linesBefore" | "skipFirstLine"> = { start: header.end, linesBefore: header.lastLine };
  for (let resumes = 0; ; resumes++) {
    let broken: { line: number; start: number } | undefined;
    for await (const event of csvSegment(context.path, { ...base, delimiter, ...at })) {
      if (event.kind === "error") {
        yield { ok: false, line: event.line, error: describeCsvError(event.error, event.runsOn, base.maxRecordSize) };
        broken = event;
        break;
      }
      const fields = unquoted(event.fields, csv);
      if (isBlankRow(fields)) continue;
      const width = widthProblem(fields, layout.names.length, csv);
      if (width && event.lastLine > event.line) {
        const error = `a quote opened on this line is probably not closed: the row runs on to line ${event.lastLine} and has ${fields.length} fields where the header has ${layout.names.length}; reading resumes on the next line`;
        yield { ok: false, line: event.line, error };
        broken = event;
        break;
      }
      yield width ? { ok: false, line: event.line, error: width } : tableRow(layout, fields, event.line, context.maxTextLength);
    }
    if (!broken) return;
    if (resumes === MAX_RESUMES) {
      yield {
        ok: false,
        line: broken.line,
        error: `stopped reading the file here: ${MAX_RESUMES + 1} rows have broken quoting; check that it is ${csv ? "comma-separated with double-quoted fields" : "tab-separated"}`,
      };
      return;
    }
    at = { start: broken.start, linesBefore: broken.line - 1, skipFirstLine: true };
  }
}

interface Header {
  layout: TableLayout;
  delimiter: string;
  header: { end: number; lastLine: number };
}

async function readHeader(context: ReaderContext, csv: boolean, base: Omit<SegmentOptions, "delimiter" | "start" | "linesBefore">): Promise<Header> {
  let problem = "";
  for (const delimiter of csv ? [",", ";", "\t"] : ["\t"]) {
    const record = await firstRecord(context, { ...base, delimiter, start: 0, linesBefore: 0 });
    if (record.fields.length > context.maxColumns) throw fileError(context, tooManyColumns(record.fields.length, context.maxColumns));
    const layout = tableLayout(unquoted(record.fields, csv));
    if (typeof layout !== "string") return { layout, delimiter, header: { end: record.end, lastLine: record.lastLine } };
    if (!problem || record.fields.length > 1) problem = layout;
    if (record.fields.length > 1) break; // this delimiter splits the header: it is the file's
  }
  throw fileError(context, `${problem}.`);
}

/** The first non-blank record and the offset just past it. */
async function firstRecord(context: ReaderContext, options: SegmentOptions): Promise<SegmentRecord> {
  for await (const event of csvSegment(context.path, options)) {
    if (event.kind === "error") throw fileError(context, `line ${event.line}: the header cannot be read: ${describeCsvError(event.error, event.runsOn, options.maxRecordSize, false)}.`);
    if (!isBlankRow(event.fields)) return event;
  }
  throw fileError(context, "is empty (no header row).");
}

/** Why a row's field count does not fit the header's, or undefined when it does (extra empty fields are fine). */
function widthProblem(fields: readonly string[], width: number, csv: boolean): string | undefined {
  if (fields.length === width || (fields.length > width && fields.slice(width).every((f) => f.trim() === ""))) return undefined;
  const what = `the row has ${fields.length} fields where the header has ${width}`;
  const separator = csv ? "comma" : "tab";
  return fields.length > width ? `${what} (an unquoted ${separator} inside a value?)` : `${what} (a line break inside an unquoted value, or fields missing?)`;
}

/** TSV only: a field wholly in double quotes with its inner quotes doubled, unquoted. */
function unquoted(fields: string[], csv: boolean): string[] {
  if (csv) return fields;
  return fields.map((f) => {
    const match = /^"((?:[^"]|"")*)"$/s.exec(f);
    return match ? match[1]!.replace(/""/g, '"') : f;
  });
}
