/**
 * OpenAI's Batch API, as OpenAI documents it and OpenAI-compatible servers copy it: the requests as a JSONL file
 * (POST /files, purpose "batch"), POST /batches over it, GET /batches/{id} until it ends, then the output and
 * error files (GET /files/{id}/content), each line carrying the custom_id it answers.
 */
import { stripReasoning } from "../answer.js";
import { openAiUsage } from "../chat-protocols.js";
import type { GenerateResult } from "../types.js";
import { json, jsonLines, request, type HttpContext } from "./http.js";
import type { BatchApi, BatchResult, BatchState } from "./types.js";

interface OpenAIBatch {
  id: string;
  status: string;
  output_file_id?: string | null;
  error_file_id?: string | null;
  request_counts?: { total?: number; completed?: number; failed?: number };
  errors?: { data?: { code?: string; message?: string; line?: number }[] } | null;
}

const ENDED = new Set(["completed", "failed", "expired", "cancelled"]);

export function openaiBatchApi(options: { provider: "openai" | "openai-compatible"; model: string; modelId: string; http: HttpContext }): BatchApi {
  const { http } = options;
  const maxTokensField = options.provider === "openai" ? "max_completion_tokens" : "max_tokens";
  const state = (b: OpenAIBatch): BatchState => ({
    status: b.status,
    ended: ENDED.has(b.status),
    counts: { total: b.request_counts?.total ?? 0, done: b.request_counts?.completed ?? 0, failed: b.request_counts?.failed ?? 0 },
    outputFileId: b.output_file_id ?? undefined,
    errorFileId: b.error_file_id ?? undefined,
    error: b.errors?.data?.length ? b.errors.data.map((e) => `${e.line ? `line ${e.line}: ` : ""}${e.message ?? e.code}`).join("; ") : undefined,
  });
  return {
    provider: options.provider,
    model: options.modelId,
    line(r) {
      const body: Record<string, unknown> = { model: options.model, messages: r.messages };
      if (r.temperature !== undefined) body.temperature = r.temperature;
      if (r.maxTokens !== undefined) body[maxTokensField] = r.maxTokens;
      if (r.seed !== undefined) body.seed = r.seed;
      return JSON.stringify({ custom_id: r.customId, method: "POST", url: "/v1/chat/completions", body });
    },
    async submit(lines, label, onFile) {
      const form = new FormData();
      form.append("purpose", "batch");
      form.append("file", new Blob([`${lines.join("\n")}\n`], { type: "application/jsonl" }), `${label}.jsonl`);
      const file = await json<{ id: string }>(http, "POST", "/files", form);
      onFile?.(file.id);
      const batch = await json<OpenAIBatch>(http, "POST", "/batches", { input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { auditllm: label } });
      return { batchId: batch.id, state: state(batch) };
    },
    poll: async (batchId, signal) => state(await json<OpenAIBatch>(http, "GET", `/batches/${encodeURIComponent(batchId)}`, undefined, signal)),
    cancel: async (batchId) => state(await json<OpenAIBatch>(http, "POST", `/batches/${encodeURIComponent(batchId)}/cancel`)),
    async *results(_batchId, s) {
      for (const fileId of [s.outputFileId, s.errorFileId]) {
        if (!fileId) continue;
        const response = await request(http, "GET", `/files/${encodeURIComponent(fileId)}/content`);
        for await (const line of jsonLines(response)) yield resultOf(line, options.modelId);
      }
    },
  };
}

interface OutputLine {
  custom_id?: string;
  response?: {
    status_code?: number;
    body?: { choices?: { message?: { content?: string | null }; finish_reason?: string }[]; usage?: Record<string, number | Record<string, number>>; error?: { message?: string } };
  } | null;
  error?: { code?: string; message?: string } | null;
}

/** One line of the output or error file. */
export function resultOf(raw: unknown, model: string): BatchResult {
  const line = raw as OutputLine;
  const customId = String(line.custom_id ?? "");
  const status = line.response?.status_code;
  const body = line.response?.body;
  if (line.error || !status || status >= 400) {
    const message = line.error?.message ?? body?.error?.message ?? `HTTP ${status ?? "?"}`;
    const kind =
      line.error?.code === "batch_expired" ? "expired" : line.error?.code === "batch_cancelled" ? "cancelled" : status === 429 ? "rate-limited" : status && status >= 500 ? "server" : "bad-request";
    return { customId, error: { kind, message: `${model}: ${message}` } };
  }
  const choice = body?.choices?.[0];
  const text = stripReasoning(choice?.message?.content ?? "").trim();
  if (!text) return { customId, error: { kind: "empty-answer", message: `${model} returned an empty answer (finish reason: ${choice?.finish_reason ?? "unknown"}).` } };
  const result: GenerateResult = { text, finishReason: choice?.finish_reason ?? "other", usage: openAiUsage(body?.usage), warnings: [] };
  return { customId, result };
}
