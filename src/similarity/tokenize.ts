/**
 * Tokenizer matching the GloVe (wink) vocabulary: lowercase, accents stripped, curly quotes folded,
 * contractions expanded to words ("don't" → do not, "we'll" → we will; possessive/"is" 's dropped),
 * dotted acronyms joined ("U.S." → us), numbers kept with thousands separators removed ("1,000" → 1000),
 * "%" read as "percent", hyphenated words kept whole (lookups split them when the whole is unknown),
 * other punctuation dropped.
 */
import { memoize } from "./memo.js";

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

const ASCII = /^[\x00-\x7f]*$/;

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
 * same texts again and again): read them, never change them.
 */
export const tokensOf: (text: string) => readonly string[] = memoize(tokenizeText, 2048);

/** Word tokens of a text, in order (a fresh array: callers may change it). */
export function tokenize(text: string): string[] {
  return tokensOf(text).slice();
}

function tokenizeText(text: string): string[] {
  let s = normalizeText(text);
  // Acronyms need a dot and contractions an apostrophe: most texts skip the patterns.
  if (s.includes(".")) s = s.replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, "") + " ");
  if (s.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  const out: string[] = [];
  for (const match of s.matchAll(TOKEN)) {
    const token = match[0];
    const first = token.charCodeAt(0);
    if (token === "%") out.push("percent");
    else if ((first >= 48 && first <= 57) || first > 127 ? /^\p{N}/u.test(token) && /^[\p{N}.,]+$/u.test(token) : false) out.push(token.replace(/,/g, ""));
    else if (!token.includes("'")) out.push(token);
    else for (const part of token.split("'")) if (part) out.push(part);
  }
  return out;
}
