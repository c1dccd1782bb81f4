/** Adapts a Vercel AI SDK embedding model (OpenAI /v1/embeddings, Ollama /api/embed, …) to auditllm's Embedder. */
import type { EmbeddingModel } from "ai";
import { toProviderError, type ErrorContext } from "./map-error.js";
import type { Embedder } from "./types.js";

export function fromAiSdkEmbedding(id: string, load: () => Promise<EmbeddingModel>, context: Omit<ErrorContext, "model" | "signal"> & { lane?: string }): Embedder {
  let model: Promise<EmbeddingModel> | undefined;
  return {
    id,
    lane: context.lane,
    async embed(texts, signal) {
      if (texts.length === 0) return [];
      try {
        const { embedMany } = await import("ai");
        const { embeddings } = await embedMany({ model: await (model ??= load()), values: texts, abortSignal: signal, maxRetries: 0 });
        return embeddings.map((e) => Float32Array.from(e));
      } catch (error) {
        throw toProviderError(error, { ...context, model: id, signal });
      }
    },
  };
}
