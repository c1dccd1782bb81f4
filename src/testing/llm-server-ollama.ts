/**
 * The Ollama native protocol of the scripted LLM server: /api/chat and /api/generate (NDJSON streams by default),
 * /api/embed (+ legacy /api/embeddings), /api/tags, /api/show, /api/version and GET /.
 */
import type { ScriptedRequest } from "./llm-server-types.js";
import { runChat, type ChatAnswer, type ChatDialect } from "./llm-server-chat.js";
import { baseRequest, contentText, embeddingsFor, lastUserText, num, parseJson, record, sendJson, type ErrorShape, type Exchange } from "./llm-server-exchange.js";
import { countTokens } from "./llm-server-text.js";

const JSON_TYPE = "application/json; charset=utf-8";
const DEFAULTS: Record<number, string> = {
  400: "invalid request",
  404: "not found",
  429: "too many requests",
  500: "llama runner process has terminated: exit status 2",
  503: "server busy, please try again.  maximum pending requests exceeded",
};

export const ollamaErrors: ErrorShape = {
  contentType: JSON_TYPE,
  body: (status, message) => ({ error: message ?? DEFAULTS[status] ?? `HTTP ${status}` }),
};

/** "llama3.2" and "llama3.2:latest" name the same model. */
export function ollamaName(name: string): string {
  return name.includes(":") ? name : `${name}:latest`;
}

const fail = (ex: Exchange, status: number, error: string) => sendJson(ex.res, status, { error }, JSON_TYPE);

const ROUTES: Record<string, ScriptedRequest["kind"]> = {
  "POST /api/chat": "chat",
  "POST /api/generate": "chat",
  "POST /api/embed": "embeddings",
  "POST /api/embeddings": "embeddings",
  "GET /api/tags": "models",
  "POST /api/show": "info",
  "GET /api/version": "info",
  "GET /": "info",
  "HEAD /": "info",
};

export async function handleOllama(ex: Exchange): Promise<void> {
  const route = `${ex.method} ${ex.path}`;
  const kind = ROUTES[route];
  const json = ex.method === "POST" ? parseJson(ex.raw) : { ok: true as const, value: undefined };
  const body = record(json.ok ? json.value : undefined);
  const req = baseRequest(ex, "ollama", kind ?? "info", json.ok ? json.value : ex.raw);
  fillRequest(req, body, route);
  ex.record(req);
  if (kind === undefined) return sendJson(ex.res, 404, "404 page not found");
  if (route === "GET /" || route === "HEAD /") return sendJson(ex.res, 200, "Ollama is running");
  if (route === "GET /api/version") return sendJson(ex.res, 200, { version: "0.12.6" }, JSON_TYPE);
  if (route === "GET /api/tags") return sendJson(ex.res, 200, { models: (ex.options.models ?? []).map(tag) }, JSON_TYPE);
  if (!json.ok) return fail(ex, 400, ex.raw.trim() === "" ? "missing request body" : goJsonError(ex.raw));
  if (!req.model) return fail(ex, 400, "model is required");
  const known = !ex.options.models || ex.options.models.some((m) => ollamaName(m) === ollamaName(req.model));
  if (route === "POST /api/show") {
    return known ? sendJson(ex.res, 200, show(req.model), JSON_TYPE) : fail(ex, 404, `model '${req.model}' not found`);
  }
  if (!known) return fail(ex, 404, `model "${req.model}" not found, try pulling it first`);
  if (kind === "embeddings") return embeddings(ex, req, route === "POST /api/embeddings");
  return runChat(ex, req, chatDialect(req, route === "POST /api/generate"));
}

function fillRequest(req: ScriptedRequest, body: Record<string, unknown>, route: string): void {
  req.model = typeof body.model === "string" ? body.model : typeof body.name === "string" ? body.name : "";
  if (route === "POST /api/embed") req.input = (Array.isArray(body.input) ? body.input : body.input === undefined ? [] : [body.input]).map(String);
  if (route === "POST /api/embeddings") req.input = [String(body.prompt ?? "")];
  if (route !== "POST /api/chat" && route !== "POST /api/generate") return;
  if (route === "POST /api/chat") {
    req.messages = (Array.isArray(body.messages) ? body.messages : []).map((m) => ({ role: String(record(m).role ?? ""), content: contentText(record(m).content) }));
  } else {
    const system = typeof body.system === "string" && body.system ? [{ role: "system", content: body.system }] : [];
    req.messages = [...system, { role: "user", content: typeof body.prompt === "string" ? body.prompt : "" }];
  }
  req.prompt = lastUserText(req.messages);
  const options = record(body.options); // Ollama reads sampling settings from `options` only
  req.temperature = num(options.temperature);
  req.maxTokens = num(options.num_predict);
  req.seed = num(options.seed);
  req.stream = body.stream !== false; // Ollama streams unless told not to
}

function goJsonError(raw: string): string {
  const ch = raw.trim()[0] ?? "";
  return `invalid character '${ch}' looking for beginning of value`;
}

function tag(name: string) {
  const full = ollamaName(name);
  return {
    name: full,
    model: full,
    modified_at: "2025-01-01T00:00:00.000000000Z",
    size: 2019393189,
    digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
    details: { parent_model: "", format: "gguf", family: "llama", families: ["llama"], parameter_size: "3.2B", quantization_level: "Q4_K_M" },
  };
}

function show(model: string) {
  return {
    license: "",
    modelfile: `# Modelfile generated by the auditllm test server\nFROM ${ollamaName(model)}\n`,
    parameters: "",
    template: "{{ .Prompt }}",
    details: tag(model).details,
    model_info: { "general.architecture": "llama", "general.parameter_count": 3212749888, "llama.context_length": 131072 },
    capabilities: ["completion"],
    modified_at: "2025-01-01T00:00:00.000000000Z",
  };
}

const TIMINGS = { total_duration: 1_000_000, load_duration: 100_000 };

async function embeddings(ex: Exchange, req: ScriptedRequest, legacy: boolean): Promise<void> {
  const vectors = await embeddingsFor(ex, req, ollamaErrors);
  if (!vectors || ex.res.destroyed) return;
  if (legacy) return sendJson(ex.res, 200, { embedding: vectors[0] ?? [] }, JSON_TYPE);
  const tokens = (req.input ?? []).reduce((sum, text) => sum + countTokens(text), 0);
  sendJson(ex.res, 200, { model: req.model, embeddings: vectors, ...TIMINGS, prompt_eval_count: tokens }, JSON_TYPE);
}

function chatDialect(req: ScriptedRequest, generate: boolean): ChatDialect {
  const head = () => ({ model: req.model, created_at: new Date().toISOString() });
  const content = (text: string) => (generate ? { response: text } : { message: { role: "assistant", content: text } });
  const final = (a: ChatAnswer, text: string) => ({
    ...head(),
    ...content(text),
    done: true,
    done_reason: a.finishReason,
    ...(generate ? { context: [1, 2, 3] } : {}),
    ...TIMINGS,
    prompt_eval_count: a.promptTokens,
    prompt_eval_duration: 50_000,
    eval_count: a.completionTokens,
    eval_duration: 500_000,
  });
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  return {
    errors: ollamaErrors,
    json: (a) => final(a, a.text),
    stream: {
      contentType: "application/x-ndjson",
      head: () => [],
      piece: (text) => line({ ...head(), ...content(text), done: false }),
      tail: (a) => [line(final(a, ""))],
      error: (error) => [line({ error })],
    },
  };
}
