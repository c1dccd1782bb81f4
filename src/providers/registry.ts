/**
 * Turns a model id ("ollama:llama3.2", "openai:gpt-4o-mini", …) into a LanguageModel or an Embedder.
 * Vendor libraries are imported here lazily, on first use, so start-up stays instant.
 */
import { resolveEndpoint, redactUrl, type ProviderSettings } from "./endpoints.js";
import { fromAiSdk } from "./ai-sdk.js";
import { fromAiSdkEmbedding } from "./ai-sdk-embedding.js";
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
  switch (spec.provider) {
    case "openai-compatible":
      return fromAiSdk(
        spec.id,
        async () => {
          const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
          return createOpenAICompatible({ name: "openai-compatible", baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey, includeUsage: true }).chatModel(spec.model);
        },
        context,
      );
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
      return fromAiSdk(
        spec.id,
        async () => {
          const { createAnthropic } = await import("@ai-sdk/anthropic");
          return createAnthropic({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey })(spec.model);
        },
        context,
      );
    case "ollama":
      return fromAiSdk(
        spec.id,
        async () => {
          const { createOllama } = await import("ollama-ai-provider-v2");
          return createOllama({ baseURL: `${endpoint.baseUrl}/api` })(spec.model);
        },
        { ...context, tune: ollamaOptions },
      );
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

/**
 * Ollama reads sampling settings only from its `options` object; the AI SDK provider puts them at the top
 * level, where Ollama ignores them. Send them where Ollama looks (temperature 0 for the prober matters).
 */
function ollamaOptions<S extends { temperature?: number; seed?: number; maxOutputTokens?: number }>(settings: S): S {
  const wanted = { temperature: settings.temperature, seed: settings.seed, num_predict: settings.maxOutputTokens };
  const options = Object.fromEntries(Object.entries(wanted).filter((entry): entry is [string, number] => entry[1] !== undefined));
  return { ...settings, seed: undefined, providerOptions: { ollama: { options } } };
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
