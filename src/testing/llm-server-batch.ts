/**
 * The batch services of the scripted LLM server: OpenAI's files and batches (POST /v1/files as multipart, POST
 * /v1/batches, GET /v1/batches/{id}, POST …/cancel, GET /v1/files/{id}/content) and Anthropic's Message Batches
 * (POST /v1/messages/batches, GET …/{id}, GET …/{id}/results, POST …/{id}/cancel). A batch ends `delayMs` after it
 * was created; each request is answered by the same reply script as live chat (an ErrorReply becomes that
 * request's error line); result lines come shuffled; a batch's fate may be to expire half done or fail validation.
 */
import { createHash } from "node:crypto";
import type { ScriptedRequest, TestBatch, TestLlmServerOptions } from "./llm-server-types.js";
import { contentText, lastUserText, num, parseJson, record, sendJson, type Exchange } from "./llm-server-exchange.js";
import { countTokens, promptTokens } from "./llm-server-text.js";

interface Request {
  customId: string;
  req: ScriptedRequest;
}

interface Line {
  customId: string;
  ok: boolean;
  /** The protocol's result line. */
  line: unknown;
}

interface Batch extends TestBatch {
  requests: Request[];
  createdAt: number;
  fate: "complete" | "expire" | "fail";
  lines?: Line[];
  cancelled?: boolean;
}

export interface BatchState {
  /** Batch creations asked for (refused ones included). */
  created: number;
  files: Map<string, string>;
  batches: Map<string, Batch>;
  list: TestBatch[];
}

export function batchState(): BatchState {
  return { created: 0, files: new Map(), batches: new Map(), list: [] };
}

export const isBatchPath = (path: string) => path === "/v1/files" || path.startsWith("/v1/files/") || path.startsWith("/v1/batches") || path.startsWith("/v1/messages/batches");

export async function handleBatch(ex: Exchange, state: BatchState): Promise<void> {
  const anthropic = ex.path.startsWith("/v1/messages/batches");
  const key = ex.options.apiKey;
  const given = anthropic ? (ex.headers["x-api-key"] ?? ex.headers.authorization?.replace(/^Bearer /, "")) : ex.headers.authorization?.replace(/^Bearer /, "");
  if (key !== undefined && given !== key) return sendJson(ex.res, 401, error(anthropic, "authentication_error", "invalid x-api-key"));
  const parts = ex.path.split("/").filter(Boolean).map(decodeURIComponent);
  if (anthropic) return anthropicRoute(ex, state, parts.slice(3));
  if (parts[1] === "files") return fileRoute(ex, state, parts.slice(2));
  return openaiRoute(ex, state, parts.slice(2));
}

function error(anthropic: boolean, type: string, message: string): unknown {
  return anthropic ? { type: "error", error: { type, message } } : { error: { message, type, param: null, code: null } };
}

async function fileRoute(ex: Exchange, state: BatchState, rest: string[]): Promise<void> {
  if (ex.method === "POST" && rest.length === 0) {
    const form = multipart(ex.raw, ex.headers["content-type"] ?? "");
    if (form.purpose !== "batch" || form.file === undefined) return sendJson(ex.res, 400, error(false, "invalid_request_error", "purpose 'batch' and a file are required"));
    const id = `file-test${ex.nextId()}`;
    state.files.set(id, form.file);
    return sendJson(ex.res, 200, { id, object: "file", bytes: Buffer.byteLength(form.file), created_at: now(), filename: form.filename ?? "input.jsonl", purpose: "batch" });
  }
  const content = state.files.get(rest[0] ?? "");
  if (ex.method === "GET" && rest[1] === "content" && content !== undefined) {
    ex.res.writeHead(200, { "content-type": "application/octet-stream" });
    ex.res.end(content);
    return;
  }
  sendJson(ex.res, 404, error(false, "invalid_request_error", `No such File object: ${rest[0]}`));
}

async function openaiRoute(ex: Exchange, state: BatchState, rest: string[]): Promise<void> {
  if (ex.method === "POST" && rest.length === 0) {
    const body = record(parseJson(ex.raw).ok ? JSON.parse(ex.raw) : undefined);
    const input = state.files.get(String(body.input_file_id ?? ""));
    if (input === undefined) return sendJson(ex.res, 400, error(false, "invalid_request_error", `Invalid input_file_id: ${String(body.input_file_id)}`));
    const requests = input
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => {
        const line = record(JSON.parse(l));
        return { customId: String(line.custom_id), req: chatRequest(ex, "openai", record(line.body)) };
      });
    const batch = create(ex, state, "openai", requests, String(body.input_file_id));
    if (!batch) return sendJson(ex.res, 500, error(false, "server_error", "The server had an error while processing your request."));
    return sendJson(ex.res, 200, openaiView(batch));
  }
  const batch = state.batches.get(rest[0] ?? "");
  if (!batch) return sendJson(ex.res, 404, error(false, "invalid_request_error", `No batch found with id '${rest[0]}'.`));
  if (ex.method === "POST" && rest[1] === "cancel") batch.cancelled = true;
  else batch.polls++;
  await advance(ex.options, state, batch);
  sendJson(ex.res, 200, openaiView(batch));
}

async function anthropicRoute(ex: Exchange, state: BatchState, rest: string[]): Promise<void> {
  if (ex.method === "POST" && rest.length === 0) {
    const body = record(parseJson(ex.raw).ok ? JSON.parse(ex.raw) : undefined);
    if (!Array.isArray(body.requests) || body.requests.length === 0) return sendJson(ex.res, 400, error(true, "invalid_request_error", "requests: field required"));
    const requests = body.requests.map((r) => ({ customId: String(record(r).custom_id), req: chatRequest(ex, "anthropic", record(record(r).params)) }));
    const ids = new Set(requests.map((r) => r.customId));
    if (ids.size !== requests.length) return sendJson(ex.res, 400, error(true, "invalid_request_error", "custom_id must be unique within a batch"));
    const batch = create(ex, state, "anthropic", requests);
    if (!batch) return sendJson(ex.res, 500, error(true, "api_error", "Internal server error"));
    return sendJson(ex.res, 200, anthropicView(ex, batch));
  }
  const batch = state.batches.get(rest[0] ?? "");
  if (!batch) return sendJson(ex.res, 404, error(true, "not_found_error", `batch ${rest[0]} not found`));
  if (ex.method === "POST" && rest[1] === "cancel") batch.cancelled = true;
  else if (rest[1] !== "results") batch.polls++;
  await advance(ex.options, state, batch);
  if (rest[1] === "results") {
    if (!batch.lines) return sendJson(ex.res, 400, error(true, "invalid_request_error", "batch has not ended"));
    ex.res.writeHead(200, { "content-type": "application/binary" });
    ex.res.end(batch.lines.map((l) => `${JSON.stringify(l.line)}\n`).join(""));
    return;
  }
  sendJson(ex.res, 200, anthropicView(ex, batch));
}

/** A new batch, or undefined when its fate is to be refused (HTTP 500, nothing created). */
function create(ex: Exchange, state: BatchState, protocol: "openai" | "anthropic", requests: Request[], inputFileId?: string): Batch | undefined {
  const id = protocol === "openai" ? `batch_test${ex.nextId()}` : `msgbatch_test${ex.nextId()}`;
  const customIds = requests.map((r) => r.customId);
  const fate = ex.options.batch?.fate?.({ index: state.created++, protocol, customIds }) ?? "complete";
  if (fate === "refuse") return undefined;
  for (const r of requests) ex.record({ ...r.req, customId: r.customId });
  const batch: Batch = { id, protocol, customIds, polls: 0, status: protocol === "openai" ? "validating" : "in_progress", inputFileId, requests, createdAt: Date.now(), fate };
  state.batches.set(id, batch);
  state.list.push(batch);
  return batch;
}

/** Moves a batch on: in progress until its time is up (or it is cancelled), then its results are made. */
async function advance(options: TestLlmServerOptions, state: BatchState, batch: Batch): Promise<void> {
  if (batch.lines) return;
  const openai = batch.protocol === "openai";
  if (!batch.cancelled && Date.now() - batch.createdAt < (options.batch?.delayMs ?? 0)) {
    if (openai && batch.polls > 0) batch.status = "in_progress";
    return;
  }
  const lines: Line[] = [];
  const answered = batch.cancelled ? 0 : batch.fate === "expire" ? Math.ceil(batch.requests.length / 2) : batch.fate === "fail" ? 0 : batch.requests.length;
  for (const [i, r] of batch.requests.entries()) {
    if (i < answered) lines.push(await answer(options, r, openai));
    else if (batch.fate !== "fail" || !openai) lines.push(unanswered(r, openai, batch.cancelled ? "cancelled" : batch.fate === "expire" ? "expired" : "errored"));
  }
  batch.lines = options.batch?.shuffle === false ? lines : shuffled(lines, batch.id);
  if (!openai) batch.status = "ended";
  else if (batch.fate === "fail" && !batch.cancelled) batch.status = "failed";
  else batch.status = batch.cancelled ? "cancelled" : batch.fate === "expire" ? "expired" : "completed";
  if (openai) {
    const out = batch.lines.filter((l) => l.ok);
    const errors = batch.lines.filter((l) => !l.ok);
    const file = (ls: Line[]) => {
      const id = `file-test-out${state.files.size + 1}`;
      state.files.set(id, ls.map((l) => `${JSON.stringify(l.line)}\n`).join(""));
      return id;
    };
    batch.outputFileId = out.length ? file(out) : undefined;
    batch.errorFileId = errors.length ? file(errors) : undefined;
  }
}

async function answer(options: TestLlmServerOptions, r: Request, openai: boolean): Promise<Line> {
  let reply: unknown;
  try {
    reply = options.reply ? await options.reply(r.req) : `echo: ${r.req.prompt}`;
  } catch (e) {
    reply = { status: 500, body: `reply script threw: ${(e as Error).message}` };
  }
  const text = typeof reply === "string" ? reply : typeof record(reply).text === "string" ? String(record(reply).text) : undefined;
  if (text === undefined) {
    const status = num(record(reply).status) ?? 500;
    const message = `scripted error ${status}`;
    const line = openai
      ? {
          id: `batch_req_${r.customId}`,
          custom_id: r.customId,
          response: { status_code: status, request_id: "req_test", body: { error: { message, type: "server_error", param: null, code: null } } },
          error: null,
        }
      : { custom_id: r.customId, result: { type: "errored", error: { type: "error", error: { type: status >= 500 ? "api_error" : "invalid_request_error", message } } } };
    return { customId: r.customId, ok: false, line };
  }
  const finish = record(reply).finishReason === "length" ? "length" : "stop";
  const input = promptTokens(r.req.messages);
  const output = countTokens(text);
  const line = openai
    ? {
        id: `batch_req_${r.customId}`,
        custom_id: r.customId,
        response: {
          status_code: 200,
          request_id: "req_test",
          body: {
            id: `chatcmpl-${r.customId}`,
            object: "chat.completion",
            created: now(),
            model: r.req.model,
            choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: finish }],
            usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output, prompt_tokens_details: { cached_tokens: 0 } },
          },
        },
        error: null,
      }
    : {
        custom_id: r.customId,
        result: {
          type: "succeeded",
          message: {
            id: `msg_${r.customId}`,
            type: "message",
            role: "assistant",
            model: r.req.model,
            content: [{ type: "text", text }],
            stop_reason: finish === "length" ? "max_tokens" : "end_turn",
            stop_sequence: null,
            usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
          },
        },
      };
  return { customId: r.customId, ok: true, line };
}

function unanswered(r: Request, openai: boolean, why: "expired" | "cancelled" | "errored"): Line {
  const line = openai
    ? { id: `batch_req_${r.customId}`, custom_id: r.customId, response: null, error: { code: `batch_${why}`, message: `This request could not be executed before the batch was ${why}.` } }
    : {
        custom_id: r.customId,
        result: why === "errored" ? { type: "errored", error: { type: "error", error: { type: "api_error", message: "batch failed" } } } : { type: why === "cancelled" ? "canceled" : "expired" },
      };
  return { customId: r.customId, ok: false, line };
}

function openaiView(b: Batch): unknown {
  const total = b.requests.length;
  const done = b.lines ? b.lines.filter((l) => l.ok).length : b.status === "in_progress" ? Math.floor(total / 2) : 0;
  const failed = b.lines ? b.lines.length - done : 0;
  return {
    id: b.id,
    object: "batch",
    endpoint: "/v1/chat/completions",
    errors: b.status === "failed" ? { object: "list", data: [{ code: "invalid_request", message: "scripted validation failure", param: null, line: 1 }] } : null,
    input_file_id: b.inputFileId,
    completion_window: "24h",
    status: b.status,
    output_file_id: b.outputFileId ?? null,
    error_file_id: b.errorFileId ?? null,
    created_at: Math.floor(b.createdAt / 1000),
    request_counts: { total, completed: done, failed },
    metadata: null,
  };
}

function anthropicView(ex: Exchange, b: Batch): unknown {
  const count = (type: string) => (b.lines ?? []).filter((l) => (record(record(l.line).result).type ?? "") === type).length;
  const base = `http://${ex.headers.host}/v1/messages/batches/${b.id}`;
  return {
    id: b.id,
    type: "message_batch",
    processing_status: b.status,
    request_counts: { processing: b.lines ? 0 : b.requests.length, succeeded: count("succeeded"), errored: count("errored"), canceled: count("canceled"), expired: count("expired") },
    created_at: new Date(b.createdAt).toISOString(),
    ended_at: b.lines ? new Date().toISOString() : null,
    results_url: b.lines ? `${base}/results` : null,
  };
}

/** A batch line's request as the reply script sees a live chat request (batchId set). */
function chatRequest(ex: Exchange, protocol: "openai" | "anthropic", body: Record<string, unknown>): ScriptedRequest {
  const messages = (Array.isArray(body.messages) ? body.messages : []).map((m) => ({ role: String(record(m).role ?? ""), content: contentText(record(m).content) }));
  if (typeof body.system === "string") messages.unshift({ role: "system", content: body.system });
  return {
    protocol,
    kind: "chat",
    method: "POST",
    path: protocol === "openai" ? "/v1/chat/completions" : "/v1/messages",
    model: String(body.model ?? ""),
    messages,
    prompt: lastUserText(messages),
    temperature: num(body.temperature),
    maxTokens: num(body.max_completion_tokens) ?? num(body.max_tokens),
    seed: num(body.seed),
    stream: false,
    headers: ex.headers,
    body,
    inFlight: 0,
    batch: true,
  };
}

function multipart(raw: string, contentType: string): { purpose?: string; file?: string; filename?: string } {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) return {};
  const out: { purpose?: string; file?: string; filename?: string } = {};
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.slice(0, split);
    const body = part.slice(split + 4).replace(/\r\n$/, "");
    const name = /name="([^"]+)"/.exec(head)?.[1];
    if (name === "purpose") out.purpose = body;
    if (name === "file") {
      out.file = body;
      out.filename = /filename="([^"]+)"/.exec(head)?.[1];
    }
  }
  return out;
}

const now = () => Math.floor(Date.now() / 1000);

/** The lines in an order that has nothing to do with the input's (by a hash of each custom_id). */
function shuffled(lines: Line[], salt: string): Line[] {
  const rank = (l: Line) => createHash("sha1").update(`${salt}${l.customId}`).digest("hex");
  return lines
    .map((l) => ({ l, r: rank(l) }))
    .sort((a, b) => (a.r < b.r ? -1 : 1))
    .map(({ l }) => l);
}
