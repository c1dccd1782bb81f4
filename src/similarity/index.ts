/**
 * The similarity folder's public face: the embedded metrics by name ("hybrid" is the default), the
 * embedding-model metric, and the types. Creating a metric is instant; GloVe vectors load on first use.
 */
import { createGloveMetric, createHybridMetric, createLexicalMetric, createRawLexicalMetric } from "./metrics.js";
import type { SimilarityMetric } from "./types.js";

export const METRIC_NAMES = ["hybrid", "glove", "lexical", "token-f1", "rouge-l"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export const DEFAULT_METRIC: MetricName = "hybrid";

export interface MetricOptions {
  /** Folder for the GloVe binary cache (e.g. config/paths cacheDir()). */
  cacheDir: string;
  /** Override of the wink-format GloVe JSON (tests); defaults to the installed package. */
  gloveSource?: string;
}

export function createMetric(name: MetricName, options: MetricOptions): SimilarityMetric {
  const glove = { cacheDir: options.cacheDir, ...(options.gloveSource ? { sourcePath: options.gloveSource } : {}) };
  switch (name) {
    case "hybrid":
      return createHybridMetric(glove);
    case "glove":
      return createGloveMetric(glove);
    case "lexical":
      return createLexicalMetric();
    case "token-f1":
      return createRawLexicalMetric("token-f1", "tokenF1");
    case "rouge-l":
      return createRawLexicalMetric("rouge-l", "rougeL");
    default:
      throw new Error(`unknown similarity metric "${String(name)}"; use one of ${METRIC_NAMES.join(", ")}`);
  }
}

export { createEmbeddingMetric } from "./embedding-metric.js";
export { createBertScoreMetric, createTransformerMetric, type BertScore, type BertScoreMetric } from "./transformer.js";
export { isGloveCacheBuilt, loadGlove, type GloveOptions, type WordVectors } from "./glove.js";
export { clearMemos } from "./memo.js";
export { tokenize } from "./tokenize.js";
export type { SimilarityMetric } from "./types.js";
