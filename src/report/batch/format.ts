/** Number formatting shared by the HTML sections (every score is printed, never shown by colour alone). */

const isNum = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** A score with two decimals, or "–". */
export const score = (x: number | undefined): string => (isNum(x) ? x.toFixed(2) : "–");

/** A signed difference with three decimals: +0.042. */
export const signed = (x: number | undefined): string => (isNum(x) ? `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}` : "–");

/** A share as a percentage with one decimal, or "–" when the whole is 0. */
export const percent = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "–");

/**
 * A count with thousands separators, as `toLocaleString("en-US")` writes it. Whole numbers are grouped here:
 * the first `toLocaleString` of a process sets up ICU's number formatting, 6–20 ms of CPU for a run's few
 * counts (README, Speed); anything else (fractions, -0, ±∞, NaN) is still ICU's.
 */
export function count(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** A `data-v` attribute for sortable cells (numbers sort as numbers; missing values sort last). */
export const sortValue = (x: number | undefined): string => ` data-v="${isNum(x) ? String(x) : ""}"`;

/** Plural: "1 question", "2 questions". */
export const plural = (n: number, word: string, many = `${word}s`): string => `${count(n)} ${n === 1 ? word : many}`;
