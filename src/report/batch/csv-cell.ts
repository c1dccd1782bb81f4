/**
 * One CSV cell (RFC 4180). Text that could be read as a formula by a spreadsheet (starting with =, +, -, @,
 * tab or carriage return) gets a leading apostrophe, as OWASP advises for CSV injection; plain numbers
 * (and text that is exactly a decimal number) stay numbers.
 */
import { round4 } from "../../core/scores.js";

export type CellValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text made inert for spreadsheets (formula guard), not yet quoted. */
export function defuse(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export function csvCell(value: CellValue): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(Number.isInteger(value) ? value : round4(value)) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = defuse(value);
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: CellValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
