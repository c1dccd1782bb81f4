/**
 * A metric from any embedding model: cosine of the vectors, negatives clamped to 0. This is the paper's
 * measure when the embedder is all-mpnet-base-v2 (raw cosine, 0.60 threshold); it is not calibrated to
 * STS, so its scale is the model's own. Each distinct text is embedded once per call, in one request.
 */
import type { Embedder } from "../providers/types.js";
import { matrixMetric } from "./score-matrix.js";
import { cosine } from "./sentence.js";
import type { SimilarityMetric } from "./types.js";

export function createEmbeddingMetric(embedder: Embedder, name = `embedding:${embedder.id}`): SimilarityMetric {
  return matrixMetric<Float32Array>({
    name,
    async prepare(texts) {
      const vectors = await embedder.embed(texts);
      if (vectors.length !== texts.length) {
        throw new Error(`embedder ${embedder.id} returned ${vectors.length} vectors for ${texts.length} texts`);
      }
      return vectors;
    },
    score: (x, y) => cosine(x, y),
  });
}
