/** Builds the similarity metric a command asked for: an embedded one by name, or embedding:<model-id>. */
import { cacheDir } from "../config/paths.js";
import type { Env } from "../providers/endpoints.js";
import { createEmbedder } from "../providers/registry.js";
import { createEmbeddingMetric, createMetric, isGloveCacheBuilt, METRIC_NAMES, type MetricName } from "../similarity/index.js";
import type { SimilarityMetric } from "../similarity/types.js";
import { UsageError } from "./errors.js";

/** Builds the metric; `onNote` hears about slow first-time work (the one-time GloVe cache build). */
export function loadMetric(name: string, options: { env: Env; baseUrl?: string; onNote?: (note: string) => void }): SimilarityMetric {
  if (name.startsWith("embedding:")) {
    const id = name.slice("embedding:".length);
    return createEmbeddingMetric(createEmbedder(id, { env: options.env, baseUrl: options.baseUrl }), `embedding:${id}`);
  }
  if (!(METRIC_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`Unknown metric "${name}". Use one of: ${METRIC_NAMES.join(", ")}, or embedding:<model-id> (e.g. embedding:ollama:nomic-embed-text).`);
  }
  const dir = cacheDir(options.env);
  if (name !== "lexical" && !isGloveCacheBuilt(dir)) {
    options.onNote?.(`First run: building the word-vector cache in ${dir} (once; about 10 s and 1 GB of memory).`);
  }
  return createMetric(name as MetricName, { cacheDir: dir });
}
