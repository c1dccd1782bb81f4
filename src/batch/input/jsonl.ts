/**
 * JSON Lines (.jsonl, .ndjson): one object per line, blank lines skipped. A line that is not valid JSON
 * or not an object is a skipped row; but when the first non-blank line shows the file is not JSON Lines
 * at all (a JSON array, pretty-printed JSON, or not JSON), the file fails at once.
 */
import type { InputItem } from "../types.js";
import { readLines } from "./lines.js";
import { objectRow } from "./object-row.js";
import { fileError, maxRecordLength, type Reader, type ReaderContext } from "./reader.js";

export const readJsonl: Reader = async function* (context) {
  const seen = new Set<string>();
  let first = true;
  for await (const { line, text, tooLong } of readLines(context.path, maxRecordLength(context))) {
    if (tooLong) {
      yield { ok: false, line, error: `the line is longer than ${maxRecordLength(context).toLocaleString("en")} characters` };
      first = false;
      continue;
    }
    const trimmed = text.trim();
    if (!trimmed) continue;
    let value: unknown;
    let syntax: string | undefined;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      syntax = (error as Error).message;
    }
    if (first) checkFirstLine(context, trimmed, value, syntax);
    first = false;
    if (syntax !== undefined) {
      yield { ok: false, line, error: `not valid JSON (${syntax})` };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yield { ok: false, line, error: `expected a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}` };
      continue;
    }
    const item: InputItem = objectRow(value as Record<string, unknown>, line, context.maxTextLength);
    if (item.ok) for (const key of Object.keys(item.row.meta)) if (!seen.has(key)) seen.add(key), context.addColumn(key);
    yield item;
  }
};

/** Throws when the first line shows the file is not JSON Lines; a broken first object is only a bad row. */
function checkFirstLine(context: ReaderContext, text: string, value: unknown, syntax: string | undefined): void {
  const fail = (why: string) => fileError(context, `is not JSON Lines: ${why}.`);
  if (text.startsWith("[")) throw fail("this looks like a JSON array; write one object per line");
  if (text === "{") throw fail("this looks like pretty-printed JSON; write one object per line");
  if (syntax !== undefined && !text.startsWith("{")) throw fail(`its first line is not JSON (${syntax})`);
  if (syntax === undefined && (typeof value !== "object" || value === null)) throw fail(`its first line is ${value === null ? "null" : `a ${typeof value}`}, not a JSON object`);
}
