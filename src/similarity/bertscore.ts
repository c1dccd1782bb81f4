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

/** A text ready for matching: unit token vectors (row-major, `count` × `dim`) and weights summing to 1. */
export interface WeightedTokens {
  count: number;
  dim: number;
  vectors: Float32Array;
  weights: Float64Array;
}

/** Inverse document frequency with +1 smoothing: log((M+1)/(df+1)); a token in no document gets log(M+1). */
export function idfTable(documents: number[][]): (id: number) => number {
  const df = new Map<number, number>();
  for (const doc of documents) for (const id of new Set(doc)) df.set(id, (df.get(id) ?? 0) + 1);
  const m = documents.length;
  return (id) => Math.log((m + 1) / ((df.get(id) ?? 0) + 1));
}

/**
 * Drops special tokens, normalises the vectors and the weights (`weight` gives a token id's raw weight;
 * default 1). When every raw weight is 0 (idf of tokens found in every document), weights are uniform.
 */
export function weightTokens(tokens: TextTokens, weight: (id: number) => number = () => 1): WeightedTokens {
  const keep = tokens.ids.map((_, i) => i).filter((i) => !tokens.special[i]);
  const dim = tokens.vectors[0]?.length ?? 0;
  const vectors = new Float32Array(keep.length * dim);
  keep.forEach((t, row) => {
    const v = tokens.vectors[t]!;
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += v[k]! * v[k]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < dim; k++) vectors[row * dim + k] = v[k]! / norm;
  });
  let raw = keep.map((i) => weight(tokens.ids[i]!));
  let total = raw.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    raw = keep.map(() => 1);
    total = keep.length;
  }
  return { count: keep.length, dim, vectors, weights: Float64Array.from(raw, (w) => w / total) };
}

/** Greedy-matching BERTScore of a candidate against a reference; 0s when either has no tokens. */
export function bertScoreOf(candidate: WeightedTokens, reference: WeightedTokens): BertScore {
  const { count: n, vectors: c } = candidate;
  const { count: m, vectors: r } = reference;
  const dim = candidate.dim;
  if (n === 0 || m === 0) return { precision: 0, recall: 0, f1: 0 };
  if (reference.dim !== dim) throw new Error(`token vectors of different sizes (${dim} and ${reference.dim})`);
  // One pass over the cosine matrix: best match of each candidate token (precision) and of each reference token (recall).
  const bestForCandidate = new Float64Array(n).fill(-Infinity);
  const bestForReference = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const ci = i * dim;
    for (let j = 0; j < m; j++) {
      const rj = j * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += c[ci + k]! * r[rj + k]!;
      if (s > bestForCandidate[i]!) bestForCandidate[i] = s;
      if (s > bestForReference[j]!) bestForReference[j] = s;
    }
  }
  let precision = 0;
  for (let i = 0; i < n; i++) precision += candidate.weights[i]! * bestForCandidate[i]!;
  let recall = 0;
  for (let j = 0; j < m; j++) recall += reference.weights[j]! * bestForReference[j]!;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
