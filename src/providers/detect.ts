/**
 * Picks a model when the user named none: Ollama on localhost (its first chat model), then OPENAI_API_KEY,
 * then ANTHROPIC_API_KEY, else the embedded llama.cpp default. Says why, so the CLI can tell the user.
 */
import { ollamaHost, type Env } from "./endpoints.js";

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
export const DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5";
/** A small instruct model that runs on a laptop CPU (~1 GB); AUDITLLM_LLAMACPP_MODEL overrides it. */
export const DEFAULT_GGUF = "hf:bartowski/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M";

export interface Detection {
  id: string;
  /** One sentence for the user: why this model was chosen. */
  reason: string;
}

export interface DetectOptions {
  env: Env;
  fetch?: typeof fetch;
  /** How long to wait for Ollama to answer; it is local, so this is short. */
  timeoutMs?: number;
}

export async function detectDefaultModel(options: DetectOptions): Promise<Detection> {
  const { env } = options;
  let host: string | undefined;
  let ollamaNote = "";
  try {
    host = ollamaHost(env.OLLAMA_HOST);
  } catch (error) {
    ollamaNote = ` (${(error as Error).message})`;
  }
  const models = host ? await listOllamaModels(host, options).catch(() => undefined) : undefined;
  const chat = models?.find((m) => !/embed|bge|minilm|rerank/i.test(m));
  if (chat) return { id: `ollama:${chat}`, reason: `Ollama is running at ${host}; using its first model` };
  if (models) ollamaNote = ` (Ollama at ${host} has no chat model; \`ollama pull llama3.2\` to use it)`;
  if (env.OPENAI_API_KEY?.trim()) return { id: `openai:${DEFAULT_OPENAI_MODEL}`, reason: `OPENAI_API_KEY is set${ollamaNote}` };
  if (env.ANTHROPIC_API_KEY?.trim()) return { id: `anthropic:${DEFAULT_ANTHROPIC_MODEL}`, reason: `ANTHROPIC_API_KEY is set${ollamaNote}` };
  const gguf = env.AUDITLLM_LLAMACPP_MODEL?.trim() || DEFAULT_GGUF;
  return {
    id: `llamacpp:${gguf}`,
    reason: `no Ollama${host ? ` on ${host}` : ""} and no OPENAI_API_KEY or ANTHROPIC_API_KEY${ollamaNote}; using the embedded llama.cpp model`,
  };
}

/** Names of the models an Ollama server has pulled, in its own order. Throws when Ollama does not answer. */
export async function listOllamaModels(host: string, options: Omit<DetectOptions, "env"> = {}): Promise<string[]> {
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(`${host}/api/tags`, { signal: AbortSignal.timeout(options.timeoutMs ?? 800) });
  if (!response.ok) throw new Error(`Ollama answered HTTP ${response.status}`);
  const body = (await response.json()) as { models?: { name?: string; model?: string }[] };
  return (body.models ?? []).map((m) => m.name ?? m.model ?? "").filter(Boolean);
}
