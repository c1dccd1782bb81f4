/** The Anthropic protocol of the scripted LLM server: POST /v1/messages (JSON and SSE) and GET /v1/models. */
import type { ScriptedRequest } from "./llm-server-types.js";
import { runChat, type ChatAnswer, type ChatDialect } from "./llm-server-chat.js";
import { baseRequest, contentText, lastUserText, num, parseJson, record, sendJson, type ErrorShape, type Exchange } from "./llm-server-exchange.js";

const TYPES: Record<number, [string, string]> = {
  400: ["invalid_request_error", "Invalid request."],
  401: ["authentication_error", "invalid x-api-key"],
  403: ["permission_error", "Your API key does not have permission to use the specified resource."],
  404: ["not_found_error", "Not found."],
  413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
  429: ["rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."],
  500: ["api_error", "Internal server error"],
  529: ["overloaded_error", "Overloaded"],
};

export const anthropicErrors: ErrorShape = {
  contentType: "application/json",
  body(status, message) {
    const [type, text] = TYPES[status] ?? (status >= 500 ? ["api_error", "Internal server error"] : ["invalid_request_error", `HTTP ${status}`]);
    return { type: "error", error: { type, message: message ?? text } };
  },
};

function fail(ex: Exchange, status: number, message: string): void {
  sendJson(ex.res, status, anthropicErrors.body(status, message), "application/json", { "request-id": `req_test${ex.nextId()}` });
}

export async function handleAnthropic(ex: Exchange): Promise<void> {
  const kind = ex.method === "POST" && ex.path === "/v1/messages" ? "chat" : ex.method === "GET" && ex.path === "/v1/models" ? "models" : "info";
  const json = ex.method === "POST" ? parseJson(ex.raw) : { ok: true as const, value: undefined };
  const body = record(json.ok ? json.value : undefined);
  const req = baseRequest(ex, "anthropic", kind, json.ok ? json.value : ex.raw);
  if (kind === "chat") fillRequest(req, body);
  ex.record(req);
  const key = ex.options.apiKey;
  if (key !== undefined && ex.headers["x-api-key"] !== key && ex.headers.authorization !== `Bearer ${key}`) {
    return fail(ex, 401, ex.headers["x-api-key"] || ex.headers.authorization ? "invalid x-api-key" : "x-api-key header is required");
  }
  if (!ex.headers["anthropic-version"]) return fail(ex, 400, "anthropic-version: header is required");
  if (kind === "info") return fail(ex, 404, "Not found");
  if (kind === "models") return listModels(ex);
  if (!json.ok) return fail(ex, 400, `There was an error parsing the body of your request: ${json.error}`);
  if (typeof body.model !== "string" || body.model === "") return fail(ex, 400, "model: Field required");
  if (!Array.isArray(body.messages)) return fail(ex, 400, "messages: Field required");
  if (num(body.max_tokens) === undefined) return fail(ex, 400, "max_tokens: Field required");
  if (req.temperature !== undefined && (req.temperature < 0 || req.temperature > 1)) return fail(ex, 400, "temperature: range: 0..1");
  if (ex.options.models && !ex.options.models.includes(req.model)) return fail(ex, 404, `model: ${req.model}`);
  return runChat(ex, req, chatDialect(ex, req));
}

function fillRequest(req: ScriptedRequest, body: Record<string, unknown>): void {
  req.model = typeof body.model === "string" ? body.model : "";
  const system = contentText(body.system);
  const messages = (Array.isArray(body.messages) ? body.messages : []).map((m) => ({ role: String(record(m).role ?? ""), content: contentText(record(m).content) }));
  req.messages = system ? [{ role: "system", content: system }, ...messages] : messages;
  req.prompt = lastUserText(req.messages);
  req.temperature = num(body.temperature);
  req.maxTokens = num(body.max_tokens);
  req.stream = body.stream === true;
}

function listModels(ex: Exchange): void {
  const data = (ex.options.models ?? []).map((id) => ({ type: "model", id, display_name: id, created_at: "2025-01-01T00:00:00Z" }));
  sendJson(ex.res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}

function chatDialect(ex: Exchange, req: ScriptedRequest): ChatDialect {
  const id = `msg_test${ex.nextId()}`;
  const stopReason = (a: ChatAnswer) => (a.finishReason === "length" ? "max_tokens" : "end_turn");
  const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const usage = (a: ChatAnswer, output: number) => ({
    input_tokens: a.promptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: output,
    service_tier: "standard",
  });
  const message = (a: ChatAnswer, content: unknown[], stop: string | null, output: number) => ({
    id,
    type: "message",
    role: "assistant",
    model: req.model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: usage(a, output),
  });
  return {
    errors: anthropicErrors,
    headers: { "request-id": `req_test${ex.nextId()}` },
    json: (a) => message(a, a.text ? [{ type: "text", text: a.text }] : [], stopReason(a), a.completionTokens),
    stream: {
      contentType: "text/event-stream; charset=utf-8",
      head: (a) => [event("message_start", { message: message(a, [], null, 1) }), event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }), event("ping", {})],
      piece: (text) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text } }),
      tail: (a) => [
        event("content_block_stop", { index: 0 }),
        event("message_delta", { delta: { stop_reason: stopReason(a), stop_sequence: null }, usage: { output_tokens: a.completionTokens } }),
        event("message_stop", {}),
      ],
      error: (text) => [event("error", { error: { type: "overloaded_error", message: text } })],
    },
  };
}
