/** Builds the similarity metric a run asked for (a parsed MetricSpec), and the metric that checks probes. */
import { join } from "node:path";
import { cacheDir } from "../config/paths.js";
import type { Complete } from "../core/types.js";
import { createJudgeMetric } from "../judge/metric.js";
import type { Env } from "../providers/endpoints.js";
import { createEmbedder } from "../providers/registry.js";
import type { Embedder } from "../providers/types.js";
import { createBertScoreMetric, createEmbeddingMetric, createMetric, createTransformerMetric, isGloveCacheBuilt } from "../similarity/index.js";
import type { SimilarityMetric } from "../similarity/types.js";
import { defaultMetric, type DefaultMetric } from "../similarity/default-metric.js";
import { DEFAULT_METRIC_SPEC, type MetricSpec } from "./metric-spec.js";

export interface MetricOptions {
  env: Env;
  /** Server for an embedding model, when it is not the provider's default. */
  baseUrl?: string;
  /** Hears about slow first-time work (the one-time GloVe cache build). */
  onNote?: (note: string) => void;
  /** Puts an embedding model's calls under the executor's timeout, retries and lanes (default: as they are). */
  wrapEmbedder?: (embedder: Embedder) => Embedder;
  /** A transformer model named by hub id may be downloaded into the cache. */
  allowDownload?: boolean;
  /** Makes a judge's calls (role "judge"; the executor's model pool must know the judge). */
  complete?: Complete;
}

export function loadMetric(spec: MetricSpec, options: MetricOptions): SimilarityMetric {
  switch (spec.kind) {
    case "judge":
      if (!options.complete) throw new Error("a judge metric needs the executor's complete()");
      return createJudgeMetric({ complete: options.complete, model: spec.model });
    case "embedding": {
      const embedder = createEmbedder(spec.model, { env: options.env, baseUrl: options.baseUrl });
      return createEmbeddingMetric(options.wrapEmbedder ? options.wrapEmbedder(embedder) : embedder, `embedding:${spec.model}`);
    }
    case "transformer":
    case "transformer-raw":
    case "bertscore":
    case "bertscore-raw":
    case "bertscore-idf": {
      const settings = {
        model: spec.model,
        cacheDir: join(cacheDir(options.env), "models"),
        allowRemote: options.allowDownload ?? false,
        remoteHost: options.env.HF_ENDPOINT || undefined,
        downloadHint: "Add --yes to download it once from the Hugging Face hub into that folder",
        scale: spec.kind.endsWith("-raw") ? ("raw" as const) : ("sts" as const),
      };
      return spec.kind.startsWith("transformer") ? createTransformerMetric(settings) : createBertScoreMetric({ ...settings, idf: spec.kind === "bertscore-idf" });
    }
    case "builtin": {
      const dir = cacheDir(options.env);
      if ((spec.name === "hybrid" || spec.name === "glove") && !isGloveCacheBuilt(dir)) {
        options.onNote?.(`First run: building the word-vector cache in ${dir} (once, a few seconds).`);
      }
      return createMetric(spec.name, { cacheDir: dir });
    }
  }
}

/** Fails now (a ProviderError for an embedding model without its key) rather than on the first audit. */
export function checkMetric(spec: MetricSpec, env: Env, baseUrl?: string): void {
  if (spec.kind === "embedding") createEmbedder(spec.model, { env, baseUrl });
}

/** The metric that checks probes: the audit's own, unless each comparison is a paid call (a judge); then the embedded default. */
export function probeMetricFor(metric: SimilarityMetric, options: MetricOptions): SimilarityMetric {
  return metric.costly ? loadMetric(DEFAULT_METRIC_SPEC, options) : metric;
}

/** Both metrics of an audit. */
export function auditMetrics(spec: MetricSpec, options: MetricOptions): { metric: SimilarityMetric; probeMetric: SimilarityMetric } {
  const metric = loadMetric(spec, options);
  return { metric, probeMetric: probeMetricFor(metric, options) };
}

/** The metric when none is asked for: AUDITLLM_METRIC, else the encoder of similarity/default-metric.ts when it is in the cache, else hybrid. */
export function chooseDefaultMetric(env: Env): DefaultMetric {
  return defaultMetric(join(cacheDir(env), "models"), env.AUDITLLM_METRIC || undefined);
}
