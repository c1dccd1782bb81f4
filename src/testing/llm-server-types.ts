/** Public types of the scripted LLM test server (see llm-server.ts). */

export type Protocol = "openai" | "ollama" | "anthropic";

/** One request the server received, normalized across protocols. */
export interface ScriptedRequest {
  protocol: Protocol;
  /** "info" covers /api/version, /api/show, GET / and unknown routes. */
  kind: "chat" | "embeddings" | "models" | "info";
  method: string;
  path: string;
  /** "" for model listings and requests without a model. */
  model: string;
  /** Normalized; Anthropic's top-level system becomes a {role:"system"} first message; content parts are joined. */
  messages: { role: string; content: string }[];
  /** Text of the last user message ("" if none). */
  prompt: string;
  /**
   * What the server would honour: OpenAI/Anthropic top-level fields; Ollama only `options.temperature`,
   * `options.num_predict` and `options.seed` (real Ollama ignores top-level `temperature`).
   */
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  stream: boolean;
  /** Embedding inputs. */
  input?: string[];
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body as received (the raw text when it was not valid JSON). */
  body: unknown;
  /** POST requests open at the server when this one arrived, itself included: lets a script play a server with a concurrency cap. */
  inFlight: number;
  /** True for a request that came inside a provider batch (OpenAI /v1/batches, Anthropic Message Batches). */
  batch?: boolean;
  /** The custom_id of a request that came inside a provider batch. */
  customId?: string;
}

/** A batch the server received (OpenAI or Anthropic protocol). */
export interface TestBatch {
  id: string;
  protocol: "openai" | "anthropic";
  /** Its requests' custom_ids, in the order sent. */
  customIds: string[];
  /** GET polls of its status so far. */
  polls: number;
  status: string;
  inputFileId?: string;
  outputFileId?: string;
  errorFileId?: string;
}

export interface TestBatchOptions {
  /** Milliseconds from a batch's creation until it ends (default 0). */
  delayMs?: number;
  /** false keeps result lines in input order (default: shuffled). */
  shuffle?: boolean;
  /**
   * A batch's fate, decided when its creation is asked for (index counts every creation asked for): answered in
   * full (default), expired half done, failed validation, or refused with an HTTP 500 (no batch created).
   */
  fate?(batch: { index: number; protocol: "openai" | "anthropic"; customIds: string[] }): "complete" | "expire" | "fail" | "refuse";
}

export interface TextReply {
  text: string;
  /** Waits this long before answering (before the headers of a stream). */
  delayMs?: number;
  /** Waits this long before each streamed content piece. */
  chunkDelayMs?: number;
  finishReason?: "stop" | "length";
  /** Exact stream pieces (default: the text split into word-sized pieces). */
  chunks?: string[];
  /** Streams: after the pieces, ends with the protocol's in-stream error instead of finishing. Non-streams: HTTP 500. */
  streamError?: string;
}

export interface ErrorReply {
  status: number;
  /** Defaults to the protocol's error shape with a message fitting the status. Strings are sent as-is. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type ScriptedReply = string | TextReply | ErrorReply | { hang: true } | { destroy: true } | { embeddings: number[][] };

export interface TestLlmServerOptions {
  /**
   * Decides every chat answer (default: "echo: <prompt>"). Also called for embeddings requests: there only
   * `{embeddings}`, errors, hang and destroy count; a text answer falls back to `embed`.
   */
  reply?: (req: ScriptedRequest) => ScriptedReply | Promise<ScriptedReply>;
  /** Known models, listed by GET /v1/models and GET /api/tags; others get the protocol's 404. Default: any model. */
  models?: string[];
  /** When set: OpenAI needs `Authorization: Bearer <key>`, Anthropic `x-api-key: <key>` (or Bearer); else 401. */
  apiKey?: string;
  /** Default: a deterministic bag-of-words hashing embedding of dimension 64 (see hashEmbedding). */
  embed?: (text: string) => number[];
  /** Default 0 (random). */
  port?: number;
  /** How the batch services behave (see llm-server-batch.ts). */
  batch?: TestBatchOptions;
}

export interface TestLlmServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + "/v1" */
  openaiBaseUrl: string;
  /** url + "/v1" */
  anthropicBaseUrl: string;
  /** url (Ollama's OLLAMA_HOST form; the AI SDK provider wants url + "/api") */
  ollamaHost: string;
  /** Every request received, in order, including ones answered with errors. */
  requests: ScriptedRequest[];
  /** POST requests open right now (a client that aborts closes its own). */
  openRequests(): number;
  /** How many chat requests arrived (whatever their outcome) and pass the filter. */
  countChat(filter?: (r: ScriptedRequest) => boolean): number;
  /** Provider batches received, in order of creation. */
  batches: TestBatch[];
  /** Closes the server, destroying open connections (hanging requests included). */
  close(): Promise<void>;
}
