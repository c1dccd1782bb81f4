/**
 * Sentence splitting for sentence-level support: Unicode sentence boundaries (UAX #29 through
 * Intl.Segmenter, as ICU does), then the repairs ICU leaves to its callers: no break after a common
 * abbreviation ("Dr.", "e.g.", "Jan.", "U.S."), after an initial ("J. K. Rowling") or before a lower-case
 * continuation; and every line of a list or a paragraph break ends a sentence. Markdown list markers and
 * headings' hashes are dropped from the sentences.
 */

import { memoize } from "./memo.js";

const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr prof st jr sr vs etc eg ie approx ca cf al inc ltd co corp mt ft gen col lt sgt capt rev fig no nos vol " +
    "jan feb mar apr jun jul aug sep sept oct nov dec est dept univ assn bros op pp ed eds"
  ).split(" "),
);

let segmenter: Intl.Segmenter | undefined;

const sentencesOnce = memoize(sentencesOf, 256);

/** The sentences of a text, trimmed, in order; an empty text has none (a fresh array: callers may change it). */
export function splitSentences(text: string): string[] {
  return sentencesOnce(text).slice();
}

function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n|\n(?=\s*(?:[-*•+]|\d+[.)]|#+)\s)/)) {
    for (const line of block.split(/\n/)) {
      const cleaned = line.replace(/^\s*(?:[-*•+]|\d+[.)]|#+)\s+/, "").trim();
      if (cleaned) out.push(...splitLine(cleaned));
    }
  }
  return out;
}

/** Where UAX #29 may end a sentence: terminators and paragraph separators. */
const BREAK_AFTER = /[\p{Sentence_Terminal}\u2024\uFE52\uFF0E\r\u0085\u2028\u2029]/u;
/** Terminators and closing quotes or brackets at the end of a line (after them there is no more text to break off). */
const LINE_END = /[\p{Sentence_Terminal}\u2024\uFE52\uFF0E]+["')\]}\u201d\u2019\u00bb]*$/u;

function splitLine(text: string): string[] {
  // A line with no terminator before its end is one sentence (what the segmenter would say, without it).
  if (!BREAK_AFTER.test(text.replace(LINE_END, ""))) return [text];
  segmenter ??= new Intl.Segmenter("en", { granularity: "sentence" });
  const pieces = [...segmenter.segment(text)].map((s) => s.segment);
  const merged: string[] = [];
  for (const piece of pieces) {
    const last = merged.length - 1;
    if (last >= 0 && continues(merged[last]!, piece)) merged[last] += piece;
    else merged.push(piece);
  }
  return merged.map((s) => s.trim()).filter(Boolean);
}

/** Whether `next` continues the sentence `previous` (ICU broke it at an abbreviation or an initial). */
function continues(previous: string, next: string): boolean {
  if (/^\s*[\p{Ll}(,;:]/u.test(next)) return true;
  const lastWord = /([\p{L}.]+)\.\s*$/u.exec(previous)?.[1];
  if (!lastWord) return false;
  if (/^\p{Lu}$/u.test(lastWord)) return true; // an initial: "J. K. Rowling"
  if (/^(?:\p{L}\.)+\p{L}$/u.test(lastWord)) return true; // "U.S.", "e.g", "D.C"
  return ABBREVIATIONS.has(lastWord.toLowerCase().replace(/\./g, ""));
}
