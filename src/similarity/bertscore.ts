/**
 * BERTScore's arithmetic (Zhang et al. 2020, "BERTScore: Evaluating Text Generation with BERT"), apart
 * from any model: token vectors are L2-normalised, special tokens dropped, and each token is matched
 * greedily to its most similar token of the other text. Recall averages over the reference's tokens
 * (how much of the reference the candidate covers), precision over the candidate's, F1 = 2PR/(P+R).
 * With idf, each token's weight is log((M+1)/(df+1)) over M documents, as the bert-score package
 * computes it over the references; without, every token weighs the same. No baseline rescaling.
 */
import type { TextTokens } from "./transformer-model.js";

export interface BertScore {
  precision: number;
  recall: number;
  f1: number;
}

/** A text ready for matching: unit token vectors and weights summing to 1 (empty when no token is left). */
export interface WeightedTokens {
  vectors: Float32Array[];
  weights: number[];
}

/** Inverse document frequency with +1 smoothing: log((M+1)/(df+1)); a token in no document gets log(M+1). */
export function idfTable(documents: number[][]): (id: number) => number {
  const df = new Map<number, number>();
  for (const doc of documents) for (const id of new Set(doc)) df.set(id, (df.get(id) ?? 0) + 1);
  const m = documents.length;
  return (id) => Math.log((m + 1) / ((df.get(id) ?? 0) + 1));
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  return norm > 0 ? v.map((x) => x / norm) : new Float32Array(v.length);
}

/**
 * Drops special tokens, normalises the vectors and the weights (`weight` gives a token id's raw weight;
 * default 1). When every raw weight is 0 (idf of tokens found in every document), weights are uniform.
 */
export function weightTokens(tokens: TextTokens, weight: (id: number) => number = () => 1): WeightedTokens {
  const keep = tokens.ids.map((_, i) => i).filter((i) => !tokens.special[i]);
  let raw = keep.map((i) => weight(tokens.ids[i]!));
  let total = raw.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    raw = keep.map(() => 1);
    total = keep.length;
  }
  return { vectors: keep.map((i) => unit(tokens.vectors[i]!)), weights: raw.map((w) => w / total) };
}

function dot(x: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** Weighted mean over `from`'s tokens of each one's best cosine among `to`'s tokens. */
function coverage(from: WeightedTokens, to: WeightedTokens): number {
  let sum = 0;
  from.vectors.forEach((v, i) => {
    let best = -Infinity;
    for (const w of to.vectors) best = Math.max(best, dot(v, w));
    sum += from.weights[i]! * best;
  });
  return sum;
}

/** Greedy-matching BERTScore of a candidate against a reference; 0s when either has no tokens. */
export function bertScoreOf(candidate: WeightedTokens, reference: WeightedTokens): BertScore {
  if (candidate.vectors.length === 0 || reference.vectors.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = coverage(candidate, reference);
  const recall = coverage(reference, candidate);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
