/** The OpenAI protocol of the scripted LLM server: /v1/chat/completions (JSON and SSE), /v1/embeddings, /v1/models. */
import type { ScriptedRequest } from "./llm-server-types.js";
import { runChat, type ChatAnswer, type ChatDialect } from "./llm-server-chat.js";
import { baseRequest, contentText, embeddingsFor, lastUserText, num, parseJson, record, sendError, sendJson, type ErrorShape, type Exchange } from "./llm-server-exchange.js";
import { countTokens } from "./llm-server-text.js";

const DEFAULT_MESSAGES: Record<number, [string, string, string | null]> = {
  400: ["Invalid request.", "invalid_request_error", null],
  401: ["Incorrect API key provided.", "invalid_request_error", "invalid_api_key"],
  403: ["You are not allowed to access this resource.", "invalid_request_error", null],
  404: ["The requested resource does not exist.", "invalid_request_error", null],
  408: ["Request timed out.", "timeout", null],
  429: ["Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"],
  500: ["The server had an error while processing your request. Sorry about that!", "server_error", null],
  503: ["The engine is currently overloaded, please try again later.", "server_error", null],
};

export const openaiErrors: ErrorShape = {
  contentType: "application/json",
  body(status, message) {
    const [text, type, code] = DEFAULT_MESSAGES[status] ?? [`HTTP ${status}`, status >= 500 ? "server_error" : "invalid_request_error", null];
    return { error: { message: message ?? text, type, param: null, code } };
  },
};

function invalid(message: string, param: string | null = null, code: string | null = null) {
  return { error: { message, type: "invalid_request_error", param, code } };
}

export async function handleOpenAI(ex: Exchange): Promise<void> {
  const route = `${ex.method} ${ex.path}`;
  const kind = route === "POST /v1/chat/completions" ? "chat" : route === "POST /v1/embeddings" ? "embeddings" : ex.method === "GET" && ex.path.startsWith("/v1/models") ? "models" : "info";
  const json = ex.method === "POST" ? parseJson(ex.raw) : { ok: true as const, value: undefined };
  const body = record(json.ok ? json.value : undefined);
  const req = baseRequest(ex, "openai", kind, json.ok ? json.value : ex.raw);
  if (kind === "chat" || kind === "embeddings") fillRequest(req, body, kind);
  ex.record(req);
  const key = ex.options.apiKey;
  if (key !== undefined && ex.headers.authorization !== `Bearer ${key}`) {
    const message = ex.headers.authorization
      ? "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys."
      : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    return sendError(ex, openaiErrors, 401, undefined, { body: invalid(message, null, ex.headers.authorization ? "invalid_api_key" : null) });
  }
  if (kind === "info") return sendJson(ex.res, 404, invalid(`Invalid URL (${ex.method} ${ex.path})`));
  if (kind === "models") return listModels(ex);
  if (!json.ok) {
    return sendJson(
      ex.res,
      400,
      invalid(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      ),
    );
  }
  if (typeof body.model !== "string" || body.model === "") return sendJson(ex.res, 400, invalid("you must provide a model parameter"));
  if (kind === "chat" && !Array.isArray(body.messages)) return sendJson(ex.res, 400, invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter"));
  if (kind === "embeddings" && body.input === undefined) return sendJson(ex.res, 400, invalid("'input' is a required property", "input"));
  const t = req.temperature;
  if (t !== undefined && (t < 0 || t > 2)) {
    const [side, bound] = t < 0 ? ["below minimum", ">= 0"] : ["above maximum", "<= 2"];
    return sendJson(
      ex.res,
      400,
      invalid(`Invalid 'temperature': decimal ${side} value. Expected a value ${bound}, but got ${t} instead.`, "temperature", `decimal_${t < 0 ? "below_min" : "above_max"}_value`),
    );
  }
  const models = ex.options.models;
  if (models && !models.includes(req.model)) {
    return sendJson(ex.res, 404, invalid(`The model \`${req.model}\` does not exist or you do not have access to it.`, null, "model_not_found"));
  }
  if (kind === "embeddings") return embeddings(ex, req, body);
  return runChat(ex, req, chatDialect(ex, req, body));
}

function fillRequest(req: ScriptedRequest, body: Record<string, unknown>, kind: "chat" | "embeddings"): void {
  req.model = typeof body.model === "string" ? body.model : "";
  if (kind === "embeddings") {
    const input = body.input;
    req.input = (Array.isArray(input) ? input : input === undefined ? [] : [input]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
    return;
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  req.messages = messages.map((m) => ({ role: String(record(m).role ?? ""), content: contentText(record(m).content) }));
  req.prompt = lastUserText(req.messages);
  req.temperature = num(body.temperature);
  req.maxTokens = num(body.max_completion_tokens) ?? num(body.max_tokens);
  req.seed = num(body.seed);
  req.stream = body.stream === true;
}

function listModels(ex: Exchange): void {
  const models = ex.options.models ?? [];
  const entry = (id: string) => ({ id, object: "model", created: 1700000000, owned_by: "test-llm-server" });
  const id = decodeURIComponent(ex.path.slice("/v1/models/".length));
  if (ex.path === "/v1/models" || ex.path === "/v1/models/") sendJson(ex.res, 200, { object: "list", data: models.map(entry) });
  else if (ex.options.models && !models.includes(id)) sendJson(ex.res, 404, invalid(`The model '${id}' does not exist`, "model", "model_not_found"));
  else sendJson(ex.res, 200, entry(id));
}

async function embeddings(ex: Exchange, req: ScriptedRequest, body: Record<string, unknown>): Promise<void> {
  const vectors = await embeddingsFor(ex, req, openaiErrors);
  if (!vectors || ex.res.destroyed) return;
  const base64 = body.encoding_format === "base64";
  const data = vectors.map((v, index) => ({
    object: "embedding",
    index,
    embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v,
  }));
  const tokens = (req.input ?? []).reduce((sum, text) => sum + countTokens(text), 0);
  sendJson(ex.res, 200, { object: "list", data, model: req.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function chatDialect(ex: Exchange, req: ScriptedRequest, body: Record<string, unknown>): ChatDialect {
  const id = `chatcmpl-test${ex.nextId()}`;
  const created = Math.floor(Date.now() / 1000);
  const includeUsage = record(body.stream_options).include_usage === true;
  const finish = (a: ChatAnswer) => a.finishReason;
  const usage = (a: ChatAnswer) => ({
    prompt_tokens: a.promptTokens,
    completion_tokens: a.completionTokens,
    total_tokens: a.promptTokens + a.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = includeUsage ? { usage: null } : {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: req.model, service_tier: "default", system_fingerprint: "fp_test", choices, ...extra })}\n\n`;
  const choice = (delta: unknown, finish_reason: string | null = null) => ({ index: 0, delta, logprobs: null, finish_reason });
  return {
    errors: openaiErrors,
    headers: { "x-request-id": `req_test${ex.nextId()}` },
    json: (a) => ({
      id,
      object: "chat.completion",
      created,
      model: req.model,
      choices: [{ index: 0, message: { role: "assistant", content: a.text, refusal: null, annotations: [] }, logprobs: null, finish_reason: finish(a) }],
      usage: usage(a),
      service_tier: "default",
      system_fingerprint: "fp_test",
    }),
    stream: {
      contentType: "text/event-stream; charset=utf-8",
      head: () => [chunk([choice({ role: "assistant", content: "", refusal: null })])],
      piece: (text) => chunk([choice({ content: text })]),
      tail: (a) => [chunk([choice({}, finish(a))]), ...(includeUsage ? [chunk([], { usage: usage(a) })] : []), "data: [DONE]\n\n"],
      error: (message) => [`data: ${JSON.stringify({ error: { message, type: "server_error", param: null, code: null } })}\n\n`],
    },
  };
}
