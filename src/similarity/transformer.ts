/**
 * Two metrics on a transformer run in-process by transformers.js (see transformer-model.ts for how a
 * model is found, and that nothing is fetched unless `allowRemote`):
 * - "transformer:<model>": sentence embeddings as sentence-transformers makes them for all-mpnet-base-v2
 *   (mean of the last hidden states of all tokens, [CLS]/[SEP] included, then L2-normalised), scored by
 *   cosine mapped to the STS scale by the model's fitted map (encoder-calibration.ts), so that 0.60 means
 *   what it means for `hybrid`. "transformer-raw:<model>" is the cosine itself, clipped to 0..1: with
 *   all-mpnet-base-v2, the paper's measure.
 * - "bertscore:<model>": BERTScore F1 from the same token states (see bertscore.ts), mapped to the STS
 *   scale the same way; "bertscore-raw:<model>" and "bertscore-idf:<model>" are F1 as it is.
 *   `bertScore` and `bertScores` give raw precision, recall and F1 (e.g. how much of a reference a
 *   sentence covers; support uses recall).
 * A model without a fitted map (anything but the encoders fitted) is scored raw, with a warning.
 * Each distinct text is encoded once per call, in batches. Creating a metric loads nothing: the package
 * is imported and the model loaded on the first comparison. The compare context is ignored.
 */
import { bertScoreOf, idfTable, weightTokens, type BertScore, type WeightedTokens } from "./bertscore.js";
import { applyMap, encoderMap, type EncoderMap } from "./encoder-map.js";
import { matrixMetric } from "./score-matrix.js";
import { transformerModel, type TextTokens, type TransformerModel, type TransformerModelOptions } from "./transformer-model.js";
import type { SimilarityMetric } from "./types.js";

export type { BertScore } from "./bertscore.js";

export interface TransformerMetricOptions extends TransformerModelOptions {
  /** "sts" (default): scores on the STS scale through the model's fitted map (raw, with a warning, when none is known); "raw": as they are. */
  scale?: "sts" | "raw";
  /** Encodes the texts instead of the model loaded from `model` (the benchmarks pass a memo of token states). */
  encoder?: TransformerModel;
}

export interface BertScoreOptions extends TransformerMetricOptions {
  /**
   * Weight tokens by idf computed over the distinct texts of each call (+1 smoothing), as bert-score
   * does over its references. Scores then depend on the other texts of the call. Default false.
   */
  idf?: boolean;
}

export interface BertScoreMetric extends SimilarityMetric {
  /** Precision, recall and F1 of every candidate against every reference (a candidates × references matrix). */
  bertScores(candidates: string[], references: string[]): Promise<BertScore[][]>;
  /** Precision, recall and F1 of one candidate against one reference (idf, if on, over these two texts). */
  bertScore(candidate: string, reference: string): Promise<BertScore>;
}

/** Mean of the token states (all real tokens, as sentence-transformers pools), L2-normalised. */
export function meanPooled(tokens: TextTokens): Float32Array {
  const dim = tokens.vectors[0]?.length ?? 0;
  const sum = new Float32Array(dim);
  for (const v of tokens.vectors) for (let i = 0; i < dim; i++) sum[i]! += v[i]!;
  let norm = 0;
  for (let i = 0; i < dim; i++) norm += sum[i]! * sum[i]!;
  norm = Math.sqrt(norm);
  return norm > 0 ? sum.map((x) => x / norm) : sum;
}

function dot(x: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** The map to the STS scale a metric uses, its name, and the warning owed when none is known. */
function scaleOf(kind: "transformer" | "bertscore", options: BertScoreOptions): { name: string; map?: EncoderMap; warning?: string } {
  if (options.idf) return { name: `bertscore-idf:${options.model}` };
  if (options.scale === "raw") return { name: `${kind}-raw:${options.model}` };
  const map = encoderMap(options.model, kind);
  const warning = map
    ? undefined
    : `${kind}:${options.model}: no STS calibration is known for this model, so its scores are raw ${kind === "transformer" ? "cosine" : "BERTScore F1"} ` +
      `(the 0.60 threshold may not mean what it means for hybrid; calibrated: all-mpnet-base-v2, all-MiniLM-L6-v2)`;
  return { name: `${kind}:${options.model}`, map, warning };
}

/** A metric that owes one warning, given with the first scores. */
function withWarning(metric: SimilarityMetric, warning: string | undefined): SimilarityMetric {
  let owed = warning;
  return {
    ...metric,
    takeWarnings() {
      const out = owed ? [owed] : [];
      owed = undefined;
      return out;
    },
  };
}

export function createTransformerMetric(options: TransformerMetricOptions): SimilarityMetric {
  const model = options.encoder ?? transformerModel(options);
  const { name, map, warning } = scaleOf("transformer", options);
  const metric = matrixMetric<Float32Array>({
    name,
    async prepare(texts) {
      return (await model.embedTokens(texts)).map(meanPooled);
    },
    score: map ? (x, y) => applyMap(map, dot(x, y)) : dot,
  });
  return withWarning(metric, warning);
}

export function createBertScoreMetric(options: BertScoreOptions): BertScoreMetric {
  const model = options.encoder ?? transformerModel(options);
  const { name, map, warning } = scaleOf("bertscore", options);
  /** Each distinct text once, weighted (idf over these texts when asked). */
  async function prepare(texts: string[]): Promise<WeightedTokens[]> {
    const tokens = await model.embedTokens(texts);
    const weight = options.idf ? idfTable(tokens.map((t) => t.ids.filter((_, i) => !t.special[i]))) : undefined;
    return tokens.map((t) => weightTokens(t, weight));
  }
  const metric = withWarning(
    matrixMetric<WeightedTokens>({
      name,
      prepare,
      score: map ? (x, y) => applyMap(map, bertScoreOf(x, y).f1) : (x, y) => bertScoreOf(x, y).f1,
    }),
    warning,
  );
  async function bertScores(candidates: string[], references: string[]): Promise<BertScore[][]> {
    if (candidates.length === 0 || references.length === 0) return candidates.map(() => []);
    const distinct = [...new Set([...candidates, ...references])];
    const prepared = await prepare(distinct);
    const of = new Map(distinct.map((t, i) => [t, prepared[i]!]));
    const clip = (x: number) => Math.min(1, Math.max(0, x));
    return candidates.map((c) =>
      references.map((r) => {
        const s = bertScoreOf(of.get(c)!, of.get(r)!);
        return { precision: clip(s.precision), recall: clip(s.recall), f1: clip(s.f1) };
      }),
    );
  }
  return {
    ...metric,
    bertScores,
    /** A claim is as supported as its tokens are covered by each passage: BERTScore recall, the claim as reference, mean over passages. */
    async support(claims, passages) {
      if (passages.length === 0) return claims.map(() => 1);
      const scores = await bertScores(passages, claims);
      return claims.map((_, j) => scores.reduce((sum, row) => sum + row[j]!.recall, 0) / passages.length);
    },
    async bertScore(candidate, reference) {
      return (await bertScores([candidate], [reference]))[0]![0]!;
    },
  };
}
