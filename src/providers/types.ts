/**
 * The provider spec: the only thing the pipeline knows about LLMs and embedding models.
 * Adapters (AI SDK, node-llama-cpp, HTTP embeddings) implement it; nothing here imports a vendor.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  /** Sampling temperature; providers that cannot honour it report a warning. */
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  /** Aborts the call (user cancel, timeout). */
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  /** Input tokens served from the provider's prompt cache (part of inputTokens). */
  cachedInputTokens?: number;
  /** True when the counts were estimated from text length (the provider gave none). */
  estimated?: boolean;
}

export interface GenerateResult {
  text: string;
  /** "stop", "length", "content-filter", "error", "other" or a provider's own word. */
  finishReason: string;
  usage: TokenUsage;
  /** Settings the provider ignored or changed, as data rather than exceptions. */
  warnings: string[];
}

export interface LanguageModel {
  /** The id as the user wrote it, e.g. "ollama:llama3.2". */
  readonly id: string;
  /** Which server or engine runs it (e.g. "ollama@http://127.0.0.1:11434"): calls on one lane share its limits. */
  readonly lane?: string;
  /** The most calls it can serve at once (an embedded model serves one); unlimited when absent. */
  readonly maxConcurrency?: number;
  /** Downloads and loads what the model needs before the first call (embedded models); calls' timeouts exclude it. */
  prepare?(signal?: AbortSignal): Promise<void>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Like generate, calling onDelta with each piece of text as it arrives. */
  stream(request: GenerateRequest, onDelta: (text: string) => void): Promise<GenerateResult>;
  /** Releases native resources (embedded models); a no-op for HTTP providers. */
  close?(): Promise<void>;
}

export interface Embedder {
  readonly id: string;
  /** As LanguageModel.lane. */
  readonly lane?: string;
  /** One vector per text, in order. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
