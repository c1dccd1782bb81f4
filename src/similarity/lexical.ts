/**
 * Lexical signals between two texts, on 0..1: content-word F1 (stop words out, light stemming), the
 * same F1 with each word weighted by rarity (SIF weights, so shared names and numbers count more than
 * shared common words), character n-gram Dice (catches typos, numbers, names and morphology) and
 * ROUGE-L (longest common subsequence of words, so word order counts). Each text becomes a profile
 * once; strings are interned to integers in a table shared by one comparison call, so pair scores are
 * integer merges.
 */
import { boundedMap, type Memo } from "./memo.js";
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { normalizeText, splitHyphens } from "./tokenize.js";

/** A multiset of word-stem ids with a weight each. */
export interface WordBag {
  /** Sorted ids of word stems (a multiset). */
  content: Int32Array;
  /** Weight of each entry of `content` (1 when no weighting was given). */
  weights: Float64Array;
  /** Sum of `weights`. */
  totalWeight: number;
}

export interface LexicalProfile extends WordBag {
  /** True when the text has only function words ("Who are you?"): then `content` holds them all. */
  functionOnly: boolean;
  /** Every word, function words included: what a pair compares when either text is functionOnly (made on first use). */
  everything: () => WordBag;
  /**
   * Sorted ids of character n-grams (a multiset), made on first use: none of the embedded metrics weighs
   * them (calibration.ts), and they were a fifth of a text's profile (README, Speed).
   */
  grams: () => Int32Array;
  /** Ids of all word stems, in text order. */
  sequence: Int32Array;
}

export type Interner = Map<string, number>;

function id(intern: Interner, key: string): number {
  let v = intern.get(key);
  if (v === undefined) intern.set(key, (v = intern.size));
  return v;
}

/** Character n-grams of the normalized text, words separated by one space and padded. */
export function charGrams(text: string, n = 3): string[] {
  const s = paddedWords(text);
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

/** The normalized text's words (letters and digits) one space apart, with a space before and after. */
function paddedWords(text: string): string {
  const normal = normalizeText(text);
  // Normalized ASCII is lower case: its letters and digits are a-z and 0-9.
  return ` ${(ASCII.test(normal) ? normal.replace(/[^a-z0-9]+/g, " ") : normal.replace(/[^\p{L}\p{N}]+/gu, " ")).trim()} `;
}

const ASCII = /^[\x00-\x7f]*$/;

/** A text's profile; `weightOf` gives a content word's weight (e.g. its SIF weight), 1 by default. */
export function lexicalProfile(tokens: readonly string[], text: string, intern: Interner, weightOf: (token: string) => number = () => 1): LexicalProfile {
  const words = splitHyphens(tokens);
  // Stems are interned in text order (the order ids are given in is part of the result: weighted Dice adds
  // matched weights in id order), n-grams when first asked for. What a word brings is kept per interner.
  let cache = wordCaches.get(intern);
  if (!cache) wordCaches.set(intern, (cache = { words: boundedMap(4096), weightOf }));
  const weigh = cache.weightOf === weightOf ? (e: WordEntry, word: string) => (e.weight ??= weightOf(word)) : (_: WordEntry, word: string) => weightOf(word);
  const sequence = new Int32Array(words.length);
  const entries: WordEntry[] = new Array(words.length);
  const content: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const e = entryOf(cache.words, word);
    e.stem ??= id(intern, stem(word));
    e.stop ??= isStopWord(word);
    sequence[i] = e.stem;
    entries[i] = e;
    if (!e.stop) content.push(i);
  }
  let all: WordBag | undefined;
  const everything = () => (all ??= bag(words, entries, sequence, undefined, weigh));
  let gramIds: Int32Array | undefined;
  const known = cache.words;
  const grams = () => (gramIds ??= textGrams(paddedWords(text), intern, known));
  const own = content.length ? bag(words, entries, sequence, content, weigh) : everything();
  return { content: own.content, weights: own.weights, totalWeight: own.totalWeight, functionOnly: content.length === 0, everything, grams, sequence };
}

/** What a word brings (each part made on first use): its stem's id, whether it is a stop word, its weight, the ids of its ` word ` trigrams. */
interface WordEntry {
  stem: number | undefined;
  stop: boolean | undefined;
  weight: number | undefined;
  grams: Int32Array | undefined;
}

/** Words by interner (bounded), with the weight function their weights came from. */
const wordCaches = new WeakMap<Interner, { words: Memo<WordEntry>; weightOf: (token: string) => number }>();

function entryOf(words: Memo<WordEntry>, word: string): WordEntry {
  let e = words.get(word);
  if (!e) words.set(word, (e = { stem: undefined, stop: undefined, weight: undefined, grams: undefined }));
  return e;
}

/**
 * The sorted ids of the character trigrams of ` w1 w2 … wn ` (words of letters and digits, one space
 * apart): each word's own ` w ` trigrams (kept per word), and one trigram across each space between words.
 */
function textGrams(s: string, intern: Interner, words: Memo<WordEntry>): Int32Array {
  const grams = new Int32Array(Math.max(0, s.length - 2));
  let k = 0;
  for (let start = 1; start < s.length - 1; ) {
    const end = s.indexOf(" ", start);
    const word = s.slice(start, end);
    const e = entryOf(words, word);
    if (!e.grams) {
      const padded = ` ${word} `;
      e.grams = new Int32Array(word.length);
      for (let i = 0; i < word.length; i++) e.grams[i] = id(intern, padded.slice(i, i + 3));
    }
    grams.set(e.grams, k);
    k += e.grams.length;
    if (end < s.length - 1) grams[k++] = id(intern, s.slice(end - 1, end + 2));
    start = end + 1;
  }
  return grams.sort();
}

/** The bag of the words at `picked` (all words when undefined), sorted by id, equal ids in text order. */
function bag(words: string[], entries: WordEntry[], ids: Int32Array, picked: number[] | undefined, weigh: (e: WordEntry, word: string) => number): WordBag {
  const order = picked ? picked.slice() : Array.from(words, (_, i) => i);
  if (order.length <= 32) {
    for (let i = 1; i < order.length; i++) {
      const x = order[i]!;
      let j = i - 1;
      while (j >= 0 && ids[order[j]!]! > ids[x]!) order[j + 1] = order[j--]!;
      order[j + 1] = x;
    }
  } else order.sort((x, y) => ids[x]! - ids[y]! || x - y);
  const content = new Int32Array(order.length);
  const weights = new Float64Array(order.length);
  let totalWeight = 0;
  for (let k = 0; k < order.length; k++) {
    content[k] = ids[order[k]!]!;
    weights[k] = weigh(entries[order[k]!]!, words[order[k]!]!);
  }
  for (let k = 0; k < weights.length; k++) totalWeight += weights[k]!;
  return { content, weights, totalWeight };
}

/** Size of the multiset intersection of two sorted id arrays. */
export function overlap(x: Int32Array, y: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else {
      n++;
      i++;
      j++;
    }
  }
  return n;
}

/** Dice coefficient (= F1) of two multisets; two empty ones are identical. */
export function dice(x: Int32Array, y: Int32Array): number {
  const total = x.length + y.length;
  return total === 0 ? 1 : (2 * overlap(x, y)) / total;
}

/** Weighted Dice of two profiles' content words: matched weight on both sides over all weight. */
export function weightedDice(p: WordBag, q: WordBag): number {
  const total = p.totalWeight + q.totalWeight;
  if (total === 0) return 1;
  const x = p.content;
  const y = q.content;
  let i = 0;
  let j = 0;
  let matched = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else matched += p.weights[i++]! + q.weights[j++]!;
  }
  return matched / total;
}

/** Length of the longest common subsequence, O(n·m) time, O(m) memory. */
export function lcsLength(x: Int32Array, y: Int32Array): number {
  if (x.length === 0 || y.length === 0) return 0;
  const row = new Int32Array(y.length + 1);
  for (let i = 0; i < x.length; i++) {
    let diagonal = 0;
    const xi = x[i]!;
    for (let j = 1; j <= y.length; j++) {
      const above = row[j]!;
      row[j] = xi === y[j - 1]! ? diagonal + 1 : above > row[j - 1]! ? above : row[j - 1]!;
      diagonal = above;
    }
  }
  return row[y.length]!;
}

/** ROUGE-L F1 over word-stem sequences. */
export function rougeL(x: Int32Array, y: Int32Array): number {
  const total = x.length + y.length;
  return total === 0 ? 1 : (2 * lcsLength(x, y)) / total;
}
