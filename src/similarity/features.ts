/**
 * Per-text features (computed once per text) and the pair signals the metrics combine: SIF cosine,
 * content-word F1 (plain and rarity-weighted), character n-gram Dice and ROUGE-L. A linear model over
 * these signals, clipped to 0..1, is what the calibrated metrics evaluate.
 */
import type { WordVectors } from "./glove.js";
import { dice, lexicalProfile, rougeL, weightedDice, type Interner, type LexicalProfile } from "./lexical.js";
import { cosine, lookupRows, type SentenceOptions, sentenceVector, zipfProbability } from "./sentence.js";
import { isStopWord } from "./stopwords.js";
import { memoize } from "./memo.js";
import { tokensOf } from "./tokenize.js";

export const FEATURE_NAMES = ["cosine", "tokenF1", "weightedF1", "charDice", "rougeL"] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** How sentence vectors are made (fitted on STS-B train, see calibration.ts). */
export interface EncoderConfig {
  /** SIF smoothing a. */
  a: number;
  oov: "hash" | "skip";
  /** Leave stop words out of the sentence vector (SIF already down-weights them). */
  dropStopWords: boolean;
  /** Common component removed from every sentence vector. */
  component?: ArrayLike<number>;
}

export interface TextFeatures {
  /** SIF sentence vector; absent when no word vectors were given. */
  vector?: Float32Array;
  /** The same over every word, function words included (for texts made only of them, like "Who are you?"); made on first use. */
  vectorAll?: () => Float32Array;
  lexical: LexicalProfile;
}

/** Linear combination of pair signals, clipped to 0..1 by `predict`. */
export interface LinearModel {
  intercept: number;
  weights: Partial<Record<FeatureName, number>>;
}

const weights = new WeakMap<WordVectors, Map<number, (token: string) => number>>();

/** SIF weight of a token: its own rank, the rarest part of a hyphenated word, or "rarest" if unknown (memoized per vectors and a). */
export function wordWeight(vectors: WordVectors, a: number, token: string): number {
  return wordWeigher(vectors, a)(token);
}

/** The memoized SIF weight function of vectors and a (what wordWeight asks). */
export function wordWeigher(vectors: WordVectors, a: number): (token: string) => number {
  let byA = weights.get(vectors);
  if (!byA) weights.set(vectors, (byA = new Map()));
  let weigh = byA.get(a);
  if (!weigh) byA.set(a, (weigh = memoize((t) => computeWeight(vectors, a, t), 4096)));
  return weigh;
}

function computeWeight(vectors: WordVectors, a: number, token: string): number {
  const rows = lookupRows(vectors, token);
  const rank = rows.length > 0 ? Math.max(...rows) : vectors.size;
  return a / (a + zipfProbability(rank, vectors.size));
}

/** The SIF sentence vector of tokens under an encoder configuration. */
export function encode(vectors: WordVectors, tokens: readonly string[], config: EncoderConfig): Float32Array {
  let options = sentenceOptions.get(config);
  if (!options) {
    options = { a: config.a, oov: config.oov, ...(config.component ? { component: config.component } : {}), ...(config.dropStopWords ? { skip: isStopWord } : {}) };
    sentenceOptions.set(config, options);
  }
  return sentenceVector(vectors, tokens, options);
}

/** An encoder configuration's options for sentenceVector, made once (read when first used: configurations are not changed). */
const sentenceOptions = new WeakMap<EncoderConfig, SentenceOptions>();

/** The configuration that keeps function words (for vectorAll), one per configuration. */
function everyWordOf(config: EncoderConfig): EncoderConfig {
  let every = everyWord.get(config);
  if (!every) everyWord.set(config, (every = { ...config, dropStopWords: false }));
  return every;
}
const everyWord = new WeakMap<EncoderConfig, EncoderConfig>();

/** Features of one text; `intern` must be shared by all texts compared with each other. */
export function textFeatures(text: string, intern: Interner, vectors?: WordVectors, config?: EncoderConfig): TextFeatures {
  const tokens = tokensOf(text);
  if (!vectors || !config) return { lexical: lexicalProfile(tokens, text, intern) };
  return {
    vector: encode(vectors, tokens, config),
    vectorAll: config.dropStopWords ? once(() => encode(vectors, tokens, everyWordOf(config))) : undefined,
    lexical: lexicalProfile(tokens, text, intern, wordWeigher(vectors, config.a)),
  };
}

/**
 * A pair signal. When either text has only function words ("Who are you?" / "Can you tell me who you
 * are?"), both are compared on every word: content words alone would find nothing to compare.
 */
export function pairFeature(name: FeatureName, p: TextFeatures, q: TextFeatures): number {
  const everyWord = p.lexical.functionOnly || q.lexical.functionOnly;
  switch (name) {
    case "cosine": {
      if (!p.vector || !q.vector) throw new Error("similarity: the cosine feature needs word vectors");
      return everyWord && p.vectorAll && q.vectorAll ? cosine(p.vectorAll(), q.vectorAll()) : cosine(p.vector, q.vector);
    }
    case "tokenF1":
      return everyWord ? dice(p.lexical.everything().content, q.lexical.everything().content) : dice(p.lexical.content, q.lexical.content);
    case "weightedF1":
      return everyWord ? weightedDice(p.lexical.everything(), q.lexical.everything()) : weightedDice(p.lexical, q.lexical);
    case "charDice":
      return dice(p.lexical.grams(), q.lexical.grams());
    case "rougeL":
      return rougeL(p.lexical.sequence, q.lexical.sequence);
  }
}

/** The model's value for a pair (only the features it weighs are computed), clipped to 0..1. */
export function predict(model: LinearModel, p: TextFeatures, q: TextFeatures): number {
  let terms = termsOf.get(model);
  if (!terms) termsOf.set(model, (terms = Object.entries(model.weights) as [FeatureName, number][]));
  let y = model.intercept;
  for (let k = 0; k < terms.length; k++) y += terms[k]![1] * pairFeature(terms[k]![0], p, q);
  return Math.min(1, Math.max(0, y));
}

/** A model's weighted features, in the order they are added (read once per model, not per pair). */
const termsOf = new WeakMap<LinearModel, [FeatureName, number][]>();

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
