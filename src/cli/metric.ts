/** Builds the similarity metric a command asked for: an embedded one by name, or embedding:<model-id>. */
import { cacheDir } from "../config/paths.js";
import type { Env } from "../providers/endpoints.js";
import { parseModelId } from "../providers/model-id.js";
import { createEmbedder } from "../providers/registry.js";
import { join } from "node:path";
import {
  createBertScoreMetric,
  createEmbeddingMetric,
  createMetric,
  createTransformerMetric,
  isGloveCacheBuilt,
  METRIC_NAMES,
  type MetricName,
} from "../similarity/index.js";
import type { SimilarityMetric } from "../similarity/types.js";
import type { Embedder } from "../providers/types.js";
import type { Complete } from "../core/types.js";
import { createJudgeMetric } from "../judge/metric.js";
import { defaultMetric, type DefaultMetric } from "../similarity/default-metric.js";
import { UsageError } from "./errors.js";

export interface MetricOptions {
  env: Env;
  /** Server for an embedding model, when it is not the provider's default. */
  baseUrl?: string;
  /** Hears about slow first-time work (the one-time GloVe cache build). */
  onNote?: (note: string) => void;
  /** Puts an embedding model's calls under the executor's timeout, retries and lanes. */
  wrapEmbedder: (embedder: Embedder) => Embedder;
  /** A transformer model named by hub id may be downloaded into the cache (--yes). */
  allowDownload?: boolean;
  /** Makes a judge's calls (role "judge"; the executor's model pool must know the judge). */
  complete?: Complete;
}

const JUDGE = "judge:";

/** The model id of a `judge:<model-id>` metric, if that is what `name` is. */
export function judgeModel(name: string): string | undefined {
  return name.startsWith(JUDGE) ? name.slice(JUDGE.length) : undefined;
}

/** The provider of an `embedding:<model-id>` metric, if that is what `name` is. */
export function embeddingProvider(name: string): string | undefined {
  return name.startsWith("embedding:") ? name.slice("embedding:".length).split(":")[0] : undefined;
}

export function loadMetric(name: string, options: MetricOptions): SimilarityMetric {
  const judge = judgeModel(name);
  if (judge !== undefined) {
    if (!judge) throw new UsageError("judge: needs a model id, e.g. --judge openai:gpt-4o-mini");
    if (!options.complete) throw new Error("a judge metric needs the executor's complete()");
    return createJudgeMetric({ complete: options.complete, model: parseModelId(judge).id });
  }
  if (name.startsWith("embedding:")) {
    const id = name.slice("embedding:".length);
    return createEmbeddingMetric(options.wrapEmbedder(createEmbedder(id, { env: options.env, baseUrl: options.baseUrl })), `embedding:${id}`);
  }
  for (const kind of ["transformer", "transformer-raw", "bertscore", "bertscore-raw", "bertscore-idf"] as const) {
    if (!name.startsWith(`${kind}:`)) continue;
    const model = name.slice(kind.length + 1);
    if (!model) throw new UsageError(`${kind}: needs a model: a local folder (./all-mpnet-base-v2) or a hub id (Xenova/all-mpnet-base-v2).`);
    const settings = {
      model,
      cacheDir: join(cacheDir(options.env), "models"),
      allowRemote: options.allowDownload ?? false,
      remoteHost: options.env.HF_ENDPOINT || undefined,
      downloadHint: "Add --yes to download it once from the Hugging Face hub into that folder",
      scale: kind.endsWith("-raw") ? ("raw" as const) : ("sts" as const),
    };
    return kind.startsWith("transformer") ? createTransformerMetric(settings) : createBertScoreMetric({ ...settings, idf: kind === "bertscore-idf" });
  }
  if (!(METRIC_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(
      `Unknown metric "${name}". Use one of: ${METRIC_NAMES.join(", ")}, embedding:<model-id> (e.g. embedding:ollama:nomic-embed-text), ` +
        "transformer:<folder|hub-id>, bertscore:<folder|hub-id> (each also -raw), bertscore-idf:<folder|hub-id> or judge:<model-id>.",
    );
  }
  const dir = cacheDir(options.env);
  if ((name === "hybrid" || name === "glove") && !isGloveCacheBuilt(dir)) {
    options.onNote?.(`First run: building the word-vector cache in ${dir} (once, a few seconds).`);
  }
  return createMetric(name as MetricName, { cacheDir: dir });
}

/** The metric when none is asked for: AUDITLLM_METRIC, else the encoder of similarity/default-metric.ts when it is in the cache, else hybrid. */
export function chooseDefaultMetric(env: Env): DefaultMetric {
  return defaultMetric(join(cacheDir(env), "models"), env.AUDITLLM_METRIC || undefined);
}

/** Throws the usage error of an unknown --metric (or an embedding metric without its key) before any run is made for it. */
export function checkMetric(name: string, env: Env): void {
  loadMetric(name, { env, wrapEmbedder: (e) => e, complete: () => Promise.reject(new Error("unused")) });
}

/** The metric that checks probes: the audit's own, unless each comparison is a paid call (a judge); then the embedded default. */
export function probeMetricFor(metric: SimilarityMetric, options: MetricOptions): SimilarityMetric {
  return metric.costly ? loadMetric("hybrid", options) : metric;
}
