/**
 * The spec of a provider's batch service (OpenAI /v1/batches and the servers that copy it, Anthropic Message
 * Batches): requests as JSONL lines, a submitted batch polled until it ends, results matched by custom_id.
 */
import type { ChatMessage, GenerateResult } from "../types.js";

/** One call of a batch; customId is the call's key, the only thing results are matched by. */
export interface BatchRequest {
  customId: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  seed?: number;
}

/** Requests per batch and bytes per input (file or request body). */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

export interface BatchCounts {
  total: number;
  done: number;
  failed: number;
}

export interface BatchState {
  /** The provider's own word: validating, in_progress, finalizing, completed, expired, cancelled, failed, ended, canceling… */
  status: string;
  /** No more change will come: results (if any) can be read. */
  ended: boolean;
  counts: BatchCounts;
  /** Where the results are (OpenAI's output and error files, Anthropic's results_url). */
  outputFileId?: string;
  errorFileId?: string;
  resultsUrl?: string;
  /** Why the whole batch failed (OpenAI's validation errors), when it did. */
  error?: string;
}

/** A call's outcome inside a batch: its answer, or the provider's reason (an error, expired, cancelled). */
export type BatchResult = { customId: string; result: GenerateResult } | { customId: string; error: { kind: string; message: string } };

export interface BatchApi {
  readonly provider: string;
  readonly model: string;
  /** The JSONL line (OpenAI) or JSON request object (Anthropic) of one request, as sent: its size counts toward maxBytes. */
  line(request: BatchRequest): string;
  /** Sends the lines as one batch; `onFile` hears the uploaded file's id before the batch is created. */
  submit(lines: string[], label: string, onFile?: (fileId: string) => void): Promise<{ batchId: string; state: BatchState }>;
  poll(batchId: string, signal?: AbortSignal): Promise<BatchState>;
  /** The results of an ended batch, every line the provider has, in the provider's order. */
  results(batchId: string, state: BatchState): AsyncGenerator<BatchResult>;
  cancel(batchId: string): Promise<BatchState>;
}

/** Defaults from the providers' documentation. */
export const DEFAULT_LIMITS: Record<"openai" | "anthropic", BatchLimits> = {
  openai: { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 },
  anthropic: { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 },
};
