/**
 * Sentence vectors from word vectors: SIF (Arora, Liang, Ma 2017, "A simple but tough-to-beat baseline
 * for sentence embeddings"). Each word is weighted a / (a + p(w)); p(w) comes from the word's frequency
 * rank through Zipf's law, p(r) = 1 / ((r + 1) · H_N), since the vocabulary is frequency ordered. The
 * weighted sum then loses its projection on a fixed "common component" (fitted once on STS-B train,
 * see calibration.ts). Hyphenated words unknown as a whole use their parts; other unknown words
 * (typos, rare names, numbers) get a pseudo-random vector from a hash of their spelling, so the same
 * unknown word in two texts still counts as shared while different ones do not.
 */
import type { WordVectors } from "./glove.js";

export interface SentenceOptions {
  /** "sif" (default) or "uniform" (plain average). */
  weighting?: "sif" | "uniform";
  /** SIF smoothing a; default 1e-3 as in the paper. */
  a?: number;
  /** Unit vector removed from each sentence vector (common-component removal); none by default. */
  component?: ArrayLike<number>;
  /** "hash" (default) gives unknown words a spelling-hash vector; "skip" ignores them. */
  oov?: "hash" | "skip";
  /** Drop these tokens before embedding. */
  skip?: (token: string) => boolean;
}

/** Zipf estimate of a word's probability from its 0-based frequency rank among `size` words. */
export function zipfProbability(rank: number, size: number): number {
  return 1 / ((rank + 1) * harmonicOf(size));
}

/** The harmonic number H_size, approximated (the normalizer of Zipf's law). */
const harmonicOf = (size: number) => Math.log(size) + 0.5772156649 + 1 / (2 * size);

/** Rows for a token: its own, else those of its hyphen-separated parts, else none. */
export function lookupRows(vectors: WordVectors, token: string): number[] {
  const row = vectors.indexOf(token);
  if (row >= 0) return [row];
  if (!token.includes("-")) return [];
  const rows: number[] = [];
  for (const part of token.split("-")) {
    const r = vectors.indexOf(part);
    if (r >= 0) rows.push(r);
  }
  return rows;
}

/** Adds `scale` × a deterministic pseudo-random unit-variance vector seeded by `token`. */
function addHashVector(out: Float32Array, token: string, scale: number): void {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
  const norm = scale / Math.sqrt(out.length / 3); // uniform(-1,1) has variance 1/3
  for (let d = 0; d < out.length; d++) {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    out[d]! += ((h >>> 0) / 0x80000000 - 1) * norm;
  }
}

/** Typical norm of a rare word's vector, used to scale hash vectors for unknown words. */
const OOV_NORM = 4;

export function sentenceVector(vectors: WordVectors, tokens: readonly string[], options: SentenceOptions = {}): Float32Array {
  const { dims, size } = vectors;
  const a = options.a ?? 1e-3;
  const sif = (options.weighting ?? "sif") === "sif";
  const harmonic = harmonicOf(size);
  const weight = (rank: number) => (sif ? a / (a + 1 / ((rank + 1) * harmonic)) : 1);
  const out = new Float32Array(dims);
  let count = 0;
  for (const token of tokens) {
    if (options.skip?.(token)) continue;
    count++;
    const row = vectors.indexOf(token);
    if (row >= 0) {
      vectors.addTo(out, row, weight(row)); // one row: its weight over 1
      continue;
    }
    const rows = lookupRows(vectors, token);
    if (rows.length === 0) {
      if ((options.oov ?? "hash") === "hash") addHashVector(out, token, weight(size) * OOV_NORM);
      continue;
    }
    for (const row of rows) vectors.addTo(out, row, weight(row) / rows.length);
  }
  if (count > 1) for (let d = 0; d < dims; d++) out[d]! /= count;
  if (options.component) removeComponent(out, options.component);
  return out;
}

/** v ← v − (v·u) u for a unit vector u. */
export function removeComponent(v: Float32Array, u: ArrayLike<number>): void {
  let dot = 0;
  for (let d = 0; d < v.length; d++) dot += v[d]! * u[d]!;
  for (let d = 0; d < v.length; d++) v[d]! -= dot * u[d]!;
}

/** Cosine of two vectors; 0 when either is all zeros. */
export function cosine(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let d = 0; d < x.length; d++) {
    dot += x[d]! * y[d]!;
    nx += x[d]! * x[d]!;
    ny += y[d]! * y[d]!;
  }
  return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
}
