/** Builds the similarity metric a command asked for: an embedded one by name, or embedding:<model-id>. */
import { cacheDir } from "../config/paths.js";
import type { Env } from "../providers/endpoints.js";
import { createEmbedder } from "../providers/registry.js";
import { createEmbeddingMetric, createMetric, METRIC_NAMES, type MetricName } from "../similarity/index.js";
import type { SimilarityMetric } from "../similarity/types.js";
import { UsageError } from "./errors.js";

export function loadMetric(name: string, options: { env: Env; baseUrl?: string }): SimilarityMetric {
  if (name.startsWith("embedding:")) {
    const id = name.slice("embedding:".length);
    return createEmbeddingMetric(createEmbedder(id, { env: options.env, baseUrl: options.baseUrl }), `embedding:${id}`);
  }
  if (!(METRIC_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`Unknown metric "${name}". Use one of: ${METRIC_NAMES.join(", ")}, or embedding:<model-id> (e.g. embedding:ollama:nomic-embed-text).`);
  }
  return createMetric(name as MetricName, { cacheDir: cacheDir(options.env) });
}
