/** Builds the similarity metric a command asked for: an embedded one by name, or embedding:<model-id>. */
import { cacheDir } from "../config/paths.js";
import type { Env } from "../providers/endpoints.js";
import { createEmbedder } from "../providers/registry.js";
import { createEmbeddingMetric, createMetric, isGloveCacheBuilt, METRIC_NAMES, type MetricName } from "../similarity/index.js";
import type { SimilarityMetric } from "../similarity/types.js";
import type { Embedder } from "../providers/types.js";
import { UsageError } from "./errors.js";

export interface MetricOptions {
  env: Env;
  /** Server for an embedding model, when it is not the provider's default. */
  baseUrl?: string;
  /** Hears about slow first-time work (the one-time GloVe cache build). */
  onNote?: (note: string) => void;
  /** Puts an embedding model's calls under the executor's timeout, retries and lanes. */
  wrapEmbedder: (embedder: Embedder) => Embedder;
}

/** The provider of an `embedding:<model-id>` metric, if that is what `name` is. */
export function embeddingProvider(name: string): string | undefined {
  return name.startsWith("embedding:") ? name.slice("embedding:".length).split(":")[0] : undefined;
}

export function loadMetric(name: string, options: MetricOptions): SimilarityMetric {
  if (name.startsWith("embedding:")) {
    const id = name.slice("embedding:".length);
    return createEmbeddingMetric(options.wrapEmbedder(createEmbedder(id, { env: options.env, baseUrl: options.baseUrl })), `embedding:${id}`);
  }
  if (!(METRIC_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`Unknown metric "${name}". Use one of: ${METRIC_NAMES.join(", ")}, or embedding:<model-id> (e.g. embedding:ollama:nomic-embed-text).`);
  }
  const dir = cacheDir(options.env);
  if (name !== "lexical" && !isGloveCacheBuilt(dir)) {
    options.onNote?.(`First run: building the word-vector cache in ${dir} (once; about 12 s and 1.3 GB of memory).`);
  }
  return createMetric(name as MetricName, { cacheDir: dir });
}
