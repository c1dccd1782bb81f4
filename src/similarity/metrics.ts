/**
 * The embedded metrics, all offline: "glove" (calibrated SIF cosine of GloVe vectors), "lexical" (word
 * overlap; needs no vectors, so it never loads them) and "hybrid" (both, the default); and the raw,
 * uncalibrated lexical measures "token-f1" (content-word F1) and "rouge-l" (ROUGE-L F1 over word stems). Each is a linear
 * model over pair signals fitted on STS-B train to predict the human score / 5 (see calibration.ts).
 * Word vectors load on the first comparison, never when a metric is created.
 */
import { ENCODER, GLOVE_MODEL, HYBRID_MODEL, LEXICAL_MODEL } from "./calibration.js";
import { predict, textFeatures, wordWeigher, type LinearModel, type TextFeatures } from "./features.js";
import { loadGlove, type GloveOptions } from "./glove.js";
import { boundedMap } from "./memo.js";
import { matrixMetric } from "./score-matrix.js";
import { wordSupport } from "./support.js";
import type { SimilarityMetric } from "./types.js";

function featureMetric(name: string, model: LinearModel, glove: GloveOptions | undefined): SimilarityMetric {
  const known = boundedMap<TextFeatures>(1024);
  let intern = new Map<string, number>();
  const metric = matrixMetric<TextFeatures>({
    name,
    prepare(texts) {
      const vectors = glove ? loadGlove(glove) : undefined;
      // An audit compares each text many times (answers, references, probes): its features are made once,
      // and kept for the next 1,024 to 2,048 texts (a batch scores many questions at once, their steps interleaved:
      // at 384 a 64-way batch made a sixth of its features twice).
      // The interner is the metric's, so features of different calls compare; both start over when large.
      if (intern.size > 30_000) {
        known.clear();
        intern = new Map();
      }
      return texts.map((t) => {
        let features = known.get(t);
        if (!features) known.set(t, (features = textFeatures(t, intern, vectors, ENCODER)));
        return features;
      });
    },
    score: (x, y) => predict(model, x, y),
  });
  // The weight function is found once (the vectors are loaded once per process), not on every word.
  let weigh: ((token: string) => number) | undefined;
  const weightOf = glove ? (token: string) => (weigh ??= wordWeigher(loadGlove(glove), ENCODER.a))(token) : undefined;
  return {
    ...metric,
    ...(weightOf ? { wordWeight: weightOf } : {}),
    async support(claims, passages) {
      return wordSupport(claims, passages, weightOf);
    },
  };
}

export function createGloveMetric(glove: GloveOptions): SimilarityMetric {
  return featureMetric("glove", GLOVE_MODEL, glove);
}

export function createLexicalMetric(): SimilarityMetric {
  return featureMetric("lexical", LEXICAL_MODEL, undefined);
}

/** One lexical signal as it is, not calibrated to the STS scale (for comparison with published numbers). */
export function createRawLexicalMetric(name: string, feature: "tokenF1" | "rougeL"): SimilarityMetric {
  return featureMetric(name, { intercept: 0, weights: { [feature]: 1 } }, undefined);
}

export function createHybridMetric(glove: GloveOptions): SimilarityMetric {
  return featureMetric("hybrid", HYBRID_MODEL, glove);
}
