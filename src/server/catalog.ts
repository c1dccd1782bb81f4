/**
 * Which models the page can offer, found as `ask` finds them: Ollama's pulled models at OLLAMA_HOST, openai:
 * and anthropic: when their key is set, an OpenAI-compatible server's model list when its address is known,
 * and the embedded llama.cpp model when its file is on disk. Says what to do for each missing one; never a key.
 */
import { DEFAULT_ANTHROPIC_MODEL, DEFAULT_OPENAI_MODEL, listOllamaModels } from "../providers/detect.js";
import { ollamaHost, redactUrl, type Env } from "../providers/endpoints.js";
import type { ModelCatalog, ModelOption, ProviderStatus } from "./api-types.js";

export interface CatalogOptions {
  env: Env;
  /** The OpenAI-compatible server (serve --base-url, else OPENAI_COMPATIBLE_BASE_URL). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The embedded llama.cpp model's id when its file is on disk, else undefined. */
  embedded?: () => Promise<string | undefined>;
  timeoutMs?: number;
}

const NOT_CHAT = /embed|bge|minilm|rerank/i;

export function createCatalog(options: CatalogOptions): () => Promise<ModelCatalog> {
  return async () => {
    const parts = await Promise.all([
      ollama(options),
      keyed(options.env, "openai", "OPENAI_API_KEY", DEFAULT_OPENAI_MODEL),
      keyed(options.env, "anthropic", "ANTHROPIC_API_KEY", DEFAULT_ANTHROPIC_MODEL),
      compatible(options),
      embedded(options),
    ]);
    const models = parts.flatMap((p) => p.models);
    const chat = (m: ModelOption) => !NOT_CHAT.test(m.id);
    return { models, providers: parts.map((p) => p.status), suggested: models.find(chat)?.id };
  };
}

interface Part {
  models: ModelOption[];
  status: ProviderStatus;
}

const option = (provider: string, model: string): ModelOption => ({ id: `${provider}:${model}`, provider });

async function ollama(options: CatalogOptions): Promise<Part> {
  let host: string;
  try {
    host = ollamaHost(options.env.OLLAMA_HOST);
  } catch (error) {
    return { models: [], status: { provider: "ollama", available: false, detail: (error as Error).message } };
  }
  const names = await listOllamaModels(host, { fetch: options.fetch, timeoutMs: options.timeoutMs ?? 800 }).catch(() => undefined);
  if (!names) return { models: [], status: { provider: "ollama", available: false, detail: `Ollama is not running at ${host}: start it (ollama serve) or set OLLAMA_HOST.` } };
  const chat = names.filter((n) => !NOT_CHAT.test(n));
  const detail = chat.length ? `Ollama at ${host}: ${chat.length} chat model(s).` : `Ollama at ${host} has no chat model: \`ollama pull llama3.2\`.`;
  return { models: chat.map((n) => option("ollama", n)), status: { provider: "ollama", available: chat.length > 0, detail } };
}

async function keyed(env: Env, provider: string, variable: string, model: string): Promise<Part> {
  const available = Boolean(env[variable]?.trim());
  const detail = available ? `${variable} is set: any ${provider}:<model> can be used.` : `Set ${variable} (before starting the server) to use ${provider}: models.`;
  return { models: available ? [option(provider, model)] : [], status: { provider, available, detail } };
}

async function compatible(options: CatalogOptions): Promise<Part> {
  const base = (options.baseUrl || options.env.OPENAI_COMPATIBLE_BASE_URL)?.replace(/\/+$/, "");
  if (!base)
    return {
      models: [],
      status: { provider: "openai-compatible", available: false, detail: "Start the server with --base-url http://host:port/v1 to use an OpenAI-compatible server (vLLM, llama.cpp, LM Studio)." },
    };
  const shown = redactUrl(base);
  try {
    const key = options.env.OPENAI_COMPATIBLE_API_KEY?.trim();
    const response = await (options.fetch ?? fetch)(`${base}/models`, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(options.timeoutMs ?? 1500) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as { data?: { id?: string }[] };
    const ids = (body.data ?? []).map((m) => m.id ?? "").filter(Boolean);
    return {
      models: ids.map((id) => option("openai-compatible", id)),
      status: { provider: "openai-compatible", available: true, detail: `${shown}: ${ids.length} model(s) listed; any openai-compatible:<model> can be used.` },
    };
  } catch {
    return { models: [], status: { provider: "openai-compatible", available: true, detail: `${shown} did not list its models: type openai-compatible:<model>.` } };
  }
}

async function embedded(options: CatalogOptions): Promise<Part> {
  const id = await options.embedded?.().catch(() => undefined);
  const detail = id ? `The embedded model is on disk (${id}).` : "No embedded model on disk: `auditllm ask --yes …` downloads it once.";
  return { models: id ? [{ id, provider: "llamacpp" }] : [], status: { provider: "llamacpp", available: Boolean(id), detail } };
}
