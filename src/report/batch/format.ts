/** Number formatting shared by the HTML sections (every score is printed, never shown by colour alone). */

const isNum = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** A score with two decimals, or "–". */
export const score = (x: number | undefined): string => (isNum(x) ? x.toFixed(2) : "–");

/** A signed difference with three decimals: +0.042. */
export const signed = (x: number | undefined): string => (isNum(x) ? `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}` : "–");

/** A share as a percentage with one decimal, or "–" when the whole is 0. */
export const percent = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "–");

/** A count with thousands separators. */
export const count = (n: number): string => n.toLocaleString("en-US");

/** A `data-v` attribute for sortable cells (numbers sort as numbers; missing values sort last). */
export const sortValue = (x: number | undefined): string => ` data-v="${isNum(x) ? String(x) : ""}"`;

/** Plural: "1 question", "2 questions". */
export const plural = (n: number, word: string, many = `${word}s`): string => `${count(n)} ${n === 1 ? word : many}`;
