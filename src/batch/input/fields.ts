/**
 * Field checks shared by the readers. A bad value throws RowError; the reader turns it into a skipped
 * row (`{ ok: false, line, error }`), so these helpers stay plain functions of values.
 */
import type { InputItem, InputRow, Reference } from "../types.js";

export class RowError extends Error {
  override readonly name = "RowError";
}

export function rowError(message: string): never {
  throw new RowError(message);
}

/** Runs `build` for the row at `line`: its row, or the RowError's message as a skipped row. */
export function tryRow(line: number, build: () => InputItem): InputItem {
  try {
    return build();
  } catch (error) {
    if (error instanceof RowError) return { ok: false, line, error: error.message };
    throw error;
  }
}

/** TruthfulQA's answer lists: "a; b; ;c" → ["a", "b", "c"] (trimmed, empties dropped). */
export function splitAnswers(text: string): string[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A JSON value that must be an array of strings: the array, or undefined when absent or null. */
export function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) rowError(`"${name}" must be an array of strings, not ${describe(value)}`);
  const bad = value.findIndex((v) => typeof v !== "string");
  if (bad >= 0) rowError(`"${name}"[${bad}] is ${describe(value[bad])}, not a string`);
  return value as string[];
}

/** Reference answers given as an array of strings or as one ";"-separated string. */
export function answerList(value: unknown, name: string): string[] | undefined {
  if (typeof value === "string") return splitAnswers(value);
  return stringList(value, name)
    ?.map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A probes/responses cell of a CSV, TSV or XLSX row: a JSON array of strings when it starts with "[",
 * else items separated by "|" (trimmed, empties dropped). A blank cell gives undefined.
 */
export function stageCell(text: string, name: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (!trimmed.startsWith("["))
    return trimmed
      .split("|")
      .map((s) => s.trim())
      .filter(Boolean);
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    rowError(`"${name}" starts with "[" but is not a JSON array (${(error as Error).message})`);
  }
  return stringList(value, name);
}

/** A reference when any part of it is there. */
export function reference(correct?: string[], incorrect?: string[], best?: string): Reference | undefined {
  const bestText = best?.trim();
  if (!correct?.length && !incorrect?.length && !bestText) return undefined;
  return { correct: correct ?? [], incorrect: incorrect ?? [], ...(bestText ? { best: bestText } : {}) };
}

/**
 * The finished row: question trimmed and not blank, probes trimmed and not blank, empty probe and
 * response lists dropped (the row then has none), every text within `maxTextLength` characters.
 */
export function checkedRow(row: InputRow, maxTextLength: number): InputItem {
  const question = row.question.trim();
  if (!question) rowError("the question is blank");
  checkLength(question, "the question", maxTextLength);
  const probes = row.probes?.map((p, i) => {
    const text = p.trim();
    if (!text) rowError(`probe ${i + 1} is blank`);
    checkLength(text, `probe ${i + 1}`, maxTextLength);
    return text;
  });
  row.responses?.forEach((r, i) => checkLength(r, `response ${i + 1}`, maxTextLength));
  // Built afresh, so absent fields are not even keys (as plain data should be).
  const out: InputRow = { line: row.line, question, meta: row.meta };
  if (row.id !== undefined) out.id = row.id;
  if (row.category !== undefined) out.category = row.category;
  if (row.reference !== undefined) out.reference = row.reference;
  if (probes?.length) out.probes = probes;
  if (row.responses?.length) out.responses = row.responses;
  return { ok: true, row: out };
}

function checkLength(text: string, what: string, max: number): void {
  if (text.length > max) rowError(`${what} is ${text.length.toLocaleString("en")} characters, over the limit of ${max.toLocaleString("en")}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
