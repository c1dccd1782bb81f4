/**
 * Turns a model id ("ollama:llama3.2", "openai:gpt-4o-mini", …) into a LanguageModel or an Embedder.
 * Chat on OpenAI-compatible servers, Ollama and Anthropic goes straight over HTTP (direct.ts: the hot path,
 * ~0.1 ms of CPU a call); OpenAI's own API (whose reasoning models change which parameters are allowed) and
 * every embedder go through the Vercel AI SDK. Vendor libraries are imported here lazily, on first use.
 */
import { resolveEndpoint, redactUrl, type ProviderSettings } from "./endpoints.js";
import { fromAiSdk } from "./ai-sdk.js";
import { fromAiSdkEmbedding } from "./ai-sdk-embedding.js";
import { anthropicMessages, ollamaChat, openaiChat } from "./chat-protocols.js";
import { directChatModel } from "./direct.js";
import { ProviderError } from "./errors.js";
import { llamaCppParallel } from "./llamacpp-runtime.js";
import { parseModelId } from "./model-id.js";
import type { Embedder, LanguageModel } from "./types.js";

export interface RegistrySettings extends ProviderSettings {
  /** Folder for downloaded models (llamacpp). */
  cacheDir: string;
  /** May an hf: model be downloaded without asking? */
  allowDownload?: boolean;
  onDownloadProgress?: (downloadedBytes: number, totalBytes: number) => void;
}

export function createLanguageModel(id: string, settings: RegistrySettings): LanguageModel {
  const spec = parseModelId(id);
  const endpoint = resolveEndpoint(spec, settings);
  const context = { endpoint: redactUrl(endpoint.baseUrl), keyVariable: endpoint.keyVariable, lane: `${spec.provider}@${redactUrl(endpoint.baseUrl)}` };
  const direct = { ...context, model: spec.model, baseUrl: endpoint.baseUrl };
  switch (spec.provider) {
    case "openai-compatible":
      return directChatModel(spec.id, openaiChat, { ...direct, apiKey: endpoint.apiKey });
    case "openai":
      return fromAiSdk(
        spec.id,
        async () => {
          const { createOpenAI } = await import("@ai-sdk/openai");
          return createOpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey }).chat(spec.model);
        },
        context,
      );
    case "anthropic":
      return directChatModel(spec.id, anthropicMessages, { ...direct, apiKey: endpoint.apiKey });
    case "ollama":
      return directChatModel(spec.id, ollamaChat, direct);
    case "llamacpp":
      return lazyLlamaCpp(spec.id, settings);
  }
}

export function createEmbedder(id: string, settings: ProviderSettings): Embedder {
  const spec = parseModelId(id);
  const endpoint = resolveEndpoint(spec, settings);
  const context = { endpoint: redactUrl(endpoint.baseUrl), keyVariable: endpoint.keyVariable, lane: `${spec.provider}@${redactUrl(endpoint.baseUrl)}` };
  switch (spec.provider) {
    case "openai-compatible":
      return fromAiSdkEmbedding(
        spec.id,
        async () => {
          const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
          return createOpenAICompatible({ name: "openai-compatible", baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey }).embeddingModel(spec.model);
        },
        context,
      );
    case "openai":
      return fromAiSdkEmbedding(
        spec.id,
        async () => {
          const { createOpenAI } = await import("@ai-sdk/openai");
          return createOpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey }).embedding(spec.model);
        },
        context,
      );
    case "ollama":
      return fromAiSdkEmbedding(
        spec.id,
        async () => {
          const { createOllama } = await import("ollama-ai-provider-v2");
          return createOllama({ baseURL: `${endpoint.baseUrl}/api` }).embedding(spec.model);
        },
        context,
      );
    default:
      throw new ProviderError({
        kind: "bad-request",
        model: spec.id,
        message: `${spec.provider} offers no embedding models here; use an openai:, openai-compatible: or ollama: embedding model (e.g. ollama:nomic-embed-text).`,
      });
  }
}

/** node-llama-cpp is optional and heavy: its adapter module is loaded on the first use only. */
function lazyLlamaCpp(id: string, settings: RegistrySettings): LanguageModel {
  let model: Promise<LanguageModel> | undefined;
  const load = () =>
    (model ??= import("./llamacpp.js").then(({ createLlamaCppModel }) =>
      createLlamaCppModel(parseModelId(id), {
        cacheDir: settings.cacheDir,
        allowDownload: settings.allowDownload,
        onDownloadProgress: settings.onDownloadProgress,
      }),
    ));
  return {
    id,
    lane: id,
    maxConcurrency: llamaCppParallel(),
    prepare: async (signal) => (await load()).prepare?.(signal),
    generate: async (request) => (await load()).generate(request),
    stream: async (request, onDelta) => (await load()).stream(request, onDelta),
    close: async () => {
      if (model) await (await model).close?.();
    },
  };
}
