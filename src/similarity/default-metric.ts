/**
 * The similarity metric used when none is asked for. `hybrid` works everywhere, offline, at once; a
 * sentence encoder that scores hallucinations better (docs/ACCURACY.md: SAC3 NQ-open from self-samples
 * and from paraphrase answers, WikiBio sentence support) becomes the default whenever it is in the model
 * cache, on the STS scale so the 0.60 threshold keeps its meaning. Nothing is downloaded for it: without
 * the model in the cache the default stays `hybrid`. AUDITLLM_METRIC (read by the CLI) overrides both.
 */
import { DEFAULT_ENCODER, cachedEncoders } from "./encoder-cache.js";

export interface DefaultMetric {
  name: string;
  /** Why this metric, when it is not the embedded default (for the user to read). */
  note?: string;
}

export function defaultMetric(modelsDir: string, override?: string): DefaultMetric {
  if (override) return { name: override };
  const choice = DEFAULT_ENCODER && cachedEncoders(modelsDir).find((e) => e.key === DEFAULT_ENCODER!.key);
  if (!choice) return { name: "hybrid" };
  const name = `${DEFAULT_ENCODER!.kind}:${choice.id}`;
  return {
    name,
    note: `Similarity: ${name}, the default while ${choice.key} is in the model cache (it finds hallucinations better than hybrid: docs/ACCURACY.md); --metric hybrid for the embedded one.`,
  };
}
