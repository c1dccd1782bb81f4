/**
 * Batch input: questions read from a file, streamed row by row. The reader is chosen by extension
 * (.csv, .tsv, .jsonl/.ndjson, .txt, .xlsx); see README.md in this folder for each format's rules.
 *
 *   for await (const item of readInput("questions.csv")) item.ok ? add(item.row) : skip(item.line, item.error);
 *
 * A file that is not what its extension says throws InputFileError before the first row; a bad row is
 * yielded as `{ ok: false, line, error }` and reading goes on.
 */
import type { InputItem } from "../types.js";
import { checkFile } from "./check-file.js";
import { readCsv, readTsv } from "./csv.js";
import { formatOf, type InputFormat } from "./formats.js";
import { readJsonl } from "./jsonl.js";
import type { Reader } from "./reader.js";
import { readTxt } from "./txt.js";
import { readXlsx } from "./xlsx.js";
import { DEFAULT_XLSX_LIMITS } from "./xlsx-limits.js";

export { InputFileError } from "./errors.js";
export { SUPPORTED_EXTENSIONS, formatOf, type InputFormat } from "./formats.js";
export { QUESTION_NAMES } from "./columns.js";

export const DEFAULT_MAX_TEXT_LENGTH = 20_000;

export interface InputOptions {
  /** Longest question, probe or response accepted, in characters (default 20,000); longer rows are skipped. */
  maxTextLength?: number;
  /** The most columns a CSV/TSV/XLSX header may have (default 1,000); a wider file fails at once. */
  maxColumns?: number;
  /** The most an .xlsx may unzip to, in bytes (default 200 MB), checked in its zip directory and while inflating. */
  xlsxMaxBytes?: number;
  /** The most shared strings an .xlsx may hold (default 1,000,000). */
  xlsxMaxStrings?: number;
}

export const DEFAULT_MAX_COLUMNS = 1_000;

const READERS: Record<InputFormat, Reader> = { csv: readCsv, tsv: readTsv, jsonl: readJsonl, txt: readTxt, xlsx: readXlsx };

/** An opened input file: iterate it once for its rows. */
export interface InputFile extends AsyncIterable<InputItem> {
  readonly path: string;
  readonly format: InputFormat;
  /**
   * Metadata column names in input order: complete once the file is open for CSV, TSV and XLSX (the
   * header's); for JSON Lines the keys seen so far, in order of first appearance, complete at the end.
   */
  readonly metaColumns: readonly string[];
  /** Stops reading and releases the file (done for you when iteration ends or breaks off); an InputFile is read once. */
  close(): Promise<void>;
}

/**
 * Opens `path`: checks that it is what its extension says and reads up to its first row (so a bad
 * header or a file of the wrong kind throws InputFileError here).
 */
export async function openInput(path: string, options: InputOptions = {}): Promise<InputFile> {
  const maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  if (!Number.isInteger(maxTextLength) || maxTextLength < 1) throw new RangeError(`maxTextLength must be a positive integer, got ${maxTextLength}`);
  const format = formatOf(path);
  await checkFile(path, format);
  const columns: string[] = [];
  const xlsx = { maxBytes: options.xlsxMaxBytes ?? DEFAULT_XLSX_LIMITS.maxBytes, maxStrings: options.xlsxMaxStrings ?? DEFAULT_XLSX_LIMITS.maxStrings };
  const rows = READERS[format]({ path, maxTextLength, maxColumns: options.maxColumns ?? DEFAULT_MAX_COLUMNS, xlsx, addColumn: (name) => void columns.push(name) });
  const first = await rows.next();
  let used = false;
  return {
    path,
    format,
    metaColumns: columns,
    close: async () => {
      used = true;
      await rows.return();
    },
    async *[Symbol.asyncIterator]() {
      if (used) throw new Error(`${path} was read or closed already: open it again to read it again`);
      used = true;
      try {
        for (let next = first; !next.done; next = await rows.next()) yield checkedText(next.value);
      } finally {
        await rows.return();
      }
    },
  };
}

/** The rows of `path`, streamed; opening errors (InputFileError) are thrown by the first `next()`. */
export function readInput(path: string, options: InputOptions = {}): AsyncIterable<InputItem> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* await openInput(path, options);
    },
  };
}

/**
 * The metadata column names of `path` in input order (what `InputRow.meta` holds, as CSV output
 * columns). CSV, TSV and XLSX: the header, read alone; JSON Lines: every line is read for its keys.
 */
export async function inputColumns(path: string, options: InputOptions = {}): Promise<string[]> {
  const file = await openInput(path, options);
  if (file.format === "jsonl") for await (const _ of file);
  else await file.close();
  return [...file.metaColumns];
}

/**
 * A row whose text holds U+FFFD, what bytes that are not UTF-8 decode to, is skipped with its line: the text
 * was damaged on reading (or before), and a question scored on mangled text would mislead.
 */
function checkedText(item: InputItem): InputItem {
  if (!item.ok) return item;
  const text = JSON.stringify(item.row);
  const at = text.indexOf("\uFFFD");
  if (at < 0) return item;
  return {
    ok: false,
    line: item.row.line,
    error: "not valid UTF-8: bytes that are not UTF-8 were read as \u201c\uFFFD\u201d (save the file as UTF-8; a spreadsheet's \u201cCSV UTF-8\u201d export does)",
  };
}
