/**
 * Anthropic's Message Batches: POST /messages/batches with every request inline, GET /messages/batches/{id} until
 * processing_status is "ended", then the results_url JSONL, each line carrying the custom_id it answers.
 */
import { anthropicUsage } from "../chat-protocols.js";
import type { GenerateResult } from "../types.js";
import { json, jsonLines, request, type HttpContext } from "./http.js";
import type { BatchApi, BatchResult, BatchState } from "./types.js";

interface MessageBatch {
  id: string;
  processing_status: string;
  request_counts?: { processing?: number; succeeded?: number; errored?: number; canceled?: number; expired?: number };
  results_url?: string | null;
}

/** Anthropic needs max_tokens on every request; the AI SDK's default when none is given. */
const DEFAULT_MAX_TOKENS = 4096;

export function anthropicBatchApi(options: { model: string; modelId: string; http: HttpContext }): BatchApi {
  const { http } = options;
  const state = (b: MessageBatch): BatchState => {
    const c = b.request_counts ?? {};
    const failed = (c.errored ?? 0) + (c.canceled ?? 0) + (c.expired ?? 0);
    return {
      status: b.processing_status,
      ended: b.processing_status === "ended",
      counts: { total: (c.processing ?? 0) + (c.succeeded ?? 0) + failed, done: c.succeeded ?? 0, failed },
      resultsUrl: b.results_url ?? undefined,
    };
  };
  return {
    provider: "anthropic",
    model: options.modelId,
    line(r) {
      const system = r.messages.filter((m) => m.role === "system").map((m) => m.content);
      const params: Record<string, unknown> = {
        model: options.model,
        max_tokens: r.maxTokens ?? DEFAULT_MAX_TOKENS,
        messages: r.messages.filter((m) => m.role !== "system").map((m) => ({ role: m.role, content: m.content })),
      };
      if (system.length) params.system = system.join("\n\n");
      if (r.temperature !== undefined) params.temperature = Math.min(1, r.temperature);
      return JSON.stringify({ custom_id: r.customId, params });
    },
    async submit(lines) {
      // The lines are JSON objects already: the body is assembled from them, not parsed and written again.
      const batch = await json<MessageBatch>(http, "POST", "/messages/batches", `{"requests":[${lines.join(",")}]}`);
      return { batchId: batch.id, state: state(batch) };
    },
    poll: async (batchId, signal) => state(await json<MessageBatch>(http, "GET", `/messages/batches/${encodeURIComponent(batchId)}`, undefined, signal)),
    cancel: async (batchId) => state(await json<MessageBatch>(http, "POST", `/messages/batches/${encodeURIComponent(batchId)}/cancel`)),
    async *results(batchId, s) {
      const response = await request(http, "GET", s.resultsUrl ?? `/messages/batches/${encodeURIComponent(batchId)}/results`);
      for await (const line of jsonLines(response)) yield resultOf(line, options.modelId);
    },
  };
}

interface ResultLine {
  custom_id?: string;
  result?: {
    type?: string;
    message?: { content?: { type?: string; text?: string }[]; stop_reason?: string; usage?: { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number } };
    error?: { error?: { type?: string; message?: string }; type?: string; message?: string };
  };
}

const FINISH: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length" };

export function resultOf(raw: unknown, model: string): BatchResult {
  const line = raw as ResultLine;
  const customId = String(line.custom_id ?? "");
  const r = line.result;
  if (r?.type !== "succeeded") {
    const inner = r?.error?.error ?? r?.error;
    const kind = r?.type === "expired" ? "expired" : r?.type === "canceled" ? "cancelled" : inner?.type === "overloaded_error" || inner?.type === "api_error" ? "server" : "bad-request";
    return { customId, error: { kind, message: `${model}: ${inner?.message ?? `request ${r?.type ?? "without result"}`}` } };
  }
  const text = (r.message?.content ?? [])
    .filter((c) => c.type === "text")
    .map((c) => c.text ?? "")
    .join("")
    .trim();
  const stop = r.message?.stop_reason ?? "other";
  if (!text) return { customId, error: { kind: "empty-answer", message: `${model} returned an empty answer (finish reason: ${stop}).` } };
  const usage: GenerateResult["usage"] = anthropicUsage(r.message?.usage);
  return { customId, result: { text, finishReason: FINISH[stop] ?? stop, usage, warnings: [] } };
}
