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

/** Lowercase, accent-free, quote-folded text (shared by the tokenizer and character n-grams). */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

const tokenizeOnce = memoize(tokenizeText, 512);

/** Word tokens of a text, in order (a fresh array: callers may change it). */
export function tokenize(text: string): string[] {
  return tokenizeOnce(text).slice();
}

function tokenizeText(text: string): string[] {
  let s = normalizeText(text).replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, "") + " ");
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  const out: string[] = [];
  for (const match of s.matchAll(TOKEN)) {
    const token = match[0];
    if (token === "%") out.push("percent");
    else if (/^\p{N}/u.test(token) && /^[\p{N}.,]+$/u.test(token)) out.push(token.replace(/,/g, ""));
    else for (const part of token.split("'")) if (part) out.push(part);
  }
  return out;
}
