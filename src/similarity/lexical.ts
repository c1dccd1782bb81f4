/**
 * Lexical signals between two texts, on 0..1: content-word F1 (stop words out, light stemming), the
 * same F1 with each word weighted by rarity (SIF weights, so shared names and numbers count more than
 * shared common words), character n-gram Dice (catches typos, numbers, names and morphology) and
 * ROUGE-L (longest common subsequence of words, so word order counts). Each text becomes a profile
 * once; strings are interned to integers in a table shared by one comparison call, so pair scores are
 * integer merges.
 */
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { normalizeText } from "./tokenize.js";

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
  /** Sorted ids of character n-grams (a multiset). */
  grams: Int32Array;
  /** Ids of all word stems, in text order. */
  sequence: Int32Array;
}

export type Interner = Map<string, number>;

function id(intern: Interner, key: string): number {
  let v = intern.get(key);
  if (v === undefined) intern.set(key, (v = intern.size));
  return v;
}

const sorted = (ids: number[]) => Int32Array.from(ids).sort();

/** Character n-grams of the normalized text, words separated by one space and padded. */
export function charGrams(text: string, n = 3): string[] {
  const s = ` ${normalizeText(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

/** A text's profile; `weightOf` gives a content word's weight (e.g. its SIF weight), 1 by default. */
export function lexicalProfile(tokens: string[], text: string, intern: Interner, weightOf: (token: string) => number = () => 1): LexicalProfile {
  const words = tokens.flatMap((t) => t.split("-")).filter(Boolean);
  const stems = words.map((t) => ({ t, id: id(intern, stem(t)) }));
  const content = stems.filter((x) => !isStopWord(x.t));
  let all: WordBag | undefined;
  const everything = () => (all ??= bag(stems, weightOf));
  return {
    ...(content.length ? bag(content, weightOf) : everything()),
    functionOnly: content.length === 0,
    everything,
    grams: sorted(charGrams(text).map((g) => id(intern, g))),
    sequence: Int32Array.from(stems, (x) => x.id),
  };
}

function bag(words: { t: string; id: number }[], weightOf: (token: string) => number): WordBag {
  const ordered = [...words].sort((x, y) => x.id - y.id);
  const weights = Float64Array.from(ordered, (x) => weightOf(x.t));
  return { content: Int32Array.from(ordered, (x) => x.id), weights, totalWeight: weights.reduce((sum, w) => sum + w, 0) };
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
