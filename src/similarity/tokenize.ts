/**
 * Tokenizer matching the GloVe (wink) vocabulary: lowercase, accents stripped, curly quotes folded,
 * contractions expanded to words ("don't" → do not, "we'll" → we will; possessive/"is" 's dropped),
 * dotted acronyms joined ("U.S." → us), numbers kept with thousands separators removed ("1,000" → 1000),
 * "%" read as "percent", hyphenated words kept whole (lookups split them when the whole is unknown),
 * other punctuation dropped.
 */
import { memoize } from "./memo.js";
import { warmUp } from "./warm-up.js";

const CONTRACTIONS: [RegExp, string][] = [
  [/\bwon't\b/g, "will not"],
  [/\bcan't\b/g, "can not"],
  [/\bshan't\b/g, "shall not"],
  [/\bain't\b/g, "is not"],
  [/n't\b/g, " not"],
  [/'re\b/g, " are"],
  [/'m\b/g, " am"],
  [/'ll\b/g, " will"],
  [/'ve\b/g, " have"],
  [/'d\b/g, " would"],
  [/'s\b/g, ""],
  [/s'(?=\s|$|[^\p{L}\p{N}])/gu, "s"],
];

const TOKEN = /\p{N}+(?:[.,]\p{N}+)*(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*|%/gu;

/** A text of ASCII characters only. */
export const ASCII = /^[\x00-\x7f]*$/;

/** Lowercase, accent-free, quote-folded text (shared by the tokenizer and character n-grams). */
export function normalizeText(text: string): string {
  // ASCII has no decompositions, marks, curly quotes or dashes to fold: only the backtick is.
  if (ASCII.test(text)) {
    const lower = text.toLowerCase();
    return lower.includes("`") ? lower.replace(/`/g, "'") : lower;
  }
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

/**
 * Word tokens of a text, in order, shared by every caller (memoized: the parts of a comparison read the
 * same texts again and again): read them, never change them. (4,096 instead of 1,024 would save recomputing
 * one text in eight in the throughput bench, ~0.2% of its instructions, for 6–10 MB more peak RSS in a
 * 50,000-row score-only run: not kept.)
 */
export const tokensOf: (text: string) => readonly string[] = memoize(tokenizeText, 1024);

/** The words of a text: its tokens, hyphenated ones in their parts (shared: read them, never change them). */
export const wordsOf: (text: string) => readonly string[] = memoize((text) => splitHyphens(tokensOf(text)), 1024);

/** Tokens with hyphenated ones in their parts, empty parts left out. */
export function splitHyphens(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (!t.includes("-")) {
      if (t) out.push(t);
    } else for (const part of t.split("-")) if (part) out.push(part);
  }
  return out;
}

/** Word tokens of a text, in order (a fresh array: callers may change it). */
export function tokenize(text: string): string[] {
  return tokensOf(text).slice();
}

/** Word tokens of a text read once (a clause, a segment): not memoized, a fresh array. */
export function tokenizeText(text: string): string[] {
  let s = normalizeText(text);
  // Acronyms need a dot and contractions an apostrophe: most texts skip the patterns.
  if (s.includes(".")) s = s.replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, "") + " ");
  if (s.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  return ASCII.test(s) ? asciiTokens(s) : patternTokens(s);
}

/** The tokens of a normalized text, by the TOKEN pattern. */
export function patternTokens(s: string): string[] {
  const out: string[] = [];
  for (const match of s.matchAll(TOKEN)) push(out, match[0]);
  return out;
}

function push(out: string[], token: string): void {
  const first = token.charCodeAt(0);
  // A number starts with a digit: an ASCII one, or some other script's.
  if (token === "%") out.push("percent");
  else if ((first >= 48 && first <= 57) || first > 127 ? /^\p{N}/u.test(token) && /^[\p{N}.,]+$/u.test(token) : false) out.push(token.replace(/,/g, ""));
  else if (!token.includes("'")) out.push(token);
  else for (const part of token.split("'")) if (part) out.push(part);
}

export const isDigit = (c: number) => c >= 48 && c <= 57;
/** An ASCII letter or digit (by char code). */
export const isAlnum = (c: number) => isDigit(c) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** Where the run of ASCII digits that starts at `from` ends. */
export const endOfDigits = (s: string, from: number) => {
  let j = from;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  return j;
};
/**
 * Where the run of ASCII letters and digits that starts at `from` ends. (Two scanners, not one taking the
 * test as a callback: the callback's call site saw two targets, and V8 recompiled every caller for it.)
 */
export const endOfAlnum = (s: string, from: number) => {
  let j = from;
  while (j < s.length && isAlnum(s.charCodeAt(j))) j++;
  return j;
};

/**
 * The same tokens as patternTokens for an ASCII text, by a scan instead of the Unicode pattern: a number
 * (digits, groups of `.` or `,` and digits, and no letter or digit after it: else one group fewer, or a
 * word), a word (letters and digits, joined by single `-` or `'`), or `%`.
 */
export function asciiTokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      out.push("percent");
      i++;
      continue;
    }
    if (!isAlnum(c)) {
      i++;
      continue;
    }
    let end = -1;
    if (isDigit(c)) {
      let j = endOfDigits(s, i);
      let previous = -1;
      while (j + 1 < s.length && (s.charCodeAt(j) === 46 || s.charCodeAt(j) === 44) && isDigit(s.charCodeAt(j + 1))) {
        previous = j;
        j = endOfDigits(s, j + 1);
      }
      if (j >= s.length || !isAlnum(s.charCodeAt(j))) end = j;
      else if (previous >= 0) end = previous;
    }
    if (end < 0) {
      end = endOfAlnum(s, i);
      while (end + 1 < s.length && (s.charCodeAt(end) === 45 || s.charCodeAt(end) === 39) && isAlnum(s.charCodeAt(end + 1))) end = endOfAlnum(s, end + 1);
    }
    push(out, s.slice(i, end));
    i = end;
  }
  return out;
}

// Raw ASCII texts too, as the callers pass them: asciiTokens shares isAlnum and endOfAlnum with scanners of
// unnormalized text (conflict.ts), capitals and all.
warmUp((text) => {
  tokenizeText(text);
  if (ASCII.test(text)) asciiTokens(text);
});
