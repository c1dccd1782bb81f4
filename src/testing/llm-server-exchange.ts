/** Shared machinery of the scripted LLM server: one HTTP exchange, scripted replies, timing and error sending. */
import type { ServerResponse } from "node:http";
import type { ErrorReply, Protocol, ScriptedReply, ScriptedRequest, TestLlmServerOptions } from "./llm-server-types.js";
import { hashEmbedding } from "./llm-server-text.js";

/** One request as the protocol handlers see it. */
export interface Exchange {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: Record<string, string>;
  raw: string;
  res: ServerResponse;
  options: TestLlmServerOptions;
  record(request: ScriptedRequest): void;
  /** A per-server counter, for ids. */
  nextId(): number;
  /** POST requests open at the server when this one arrived, itself included. */
  inFlight: number;
}

/** How a protocol shapes its errors: a body for a status and an optional message. */
export interface ErrorShape {
  body(status: number, message?: string): unknown;
  contentType: string;
  headers?: Record<string, string>;
}

export type Json = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(raw: string): Json {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** A ScriptedRequest with the fields every protocol shares filled in. */
export function baseRequest(ex: Exchange, protocol: Protocol, kind: ScriptedRequest["kind"], body: unknown): ScriptedRequest {
  return { protocol, kind, method: ex.method, path: ex.path, model: "", messages: [], prompt: "", stream: false, headers: ex.headers, body, inFlight: ex.inFlight };
}

/** The text of the last user message. */
export function lastUserText(messages: { role: string; content: string }[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "user") return messages[i]!.content;
  return "";
}

/** Joins string content or the text of content parts ([{type:"text", text}]). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : "")).join("");
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = "application/json", headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" ? (body.trimStart().startsWith("<") ? "text/html" : "text/plain; charset=utf-8") : contentType;
  res.writeHead(status, { "content-type": type, "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendError(ex: Exchange, shape: ErrorShape, status: number, message?: string, extra: Partial<ErrorReply> = {}): void {
  const body = extra.body !== undefined ? extra.body : shape.body(status, message);
  sendJson(ex.res, status, body, shape.contentType, { ...shape.headers, ...extra.headers });
}

/** Waits `ms`, or less when the response closes first (client abort, server close). */
export function sleep(ms: number | undefined, res: ServerResponse): Promise<void> {
  if (!ms || ms <= 0 || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on("close", done);
  });
}

/** Asks the script (or the default echo) for a reply; a throwing script becomes an HTTP 500. */
export async function askScript(ex: Exchange, req: ScriptedRequest, shape: ErrorShape): Promise<ScriptedReply> {
  if (!ex.options.reply) return `echo: ${req.prompt}`;
  try {
    return await ex.options.reply(req);
  } catch (error) {
    return { status: 500, body: shape.body(500, `reply script threw: ${(error as Error)?.message ?? String(error)}`) };
  }
}

/**
 * Handles the replies every kind shares: destroy, hang and HTTP errors. Returns true when the exchange is
 * finished (or deliberately left open).
 */
export async function handleControlReply(ex: Exchange, reply: ScriptedReply, shape: ErrorShape): Promise<boolean> {
  if (typeof reply !== "object" || reply === null) return false;
  if ("destroy" in reply && reply.destroy) {
    ex.res.socket?.destroy();
    return true;
  }
  if ("hang" in reply && reply.hang) return true; // close() or the client's abort ends it
  if ("status" in reply && typeof reply.status === "number") {
    await sleep(reply.delayMs, ex.res);
    sendError(ex, shape, reply.status, undefined, reply);
    return true;
  }
  return false;
}

/** Embedding vectors for the inputs: the script's `{embeddings}` or the `embed` option (default hashEmbedding). */
export async function embeddingsFor(ex: Exchange, req: ScriptedRequest, shape: ErrorShape): Promise<number[][] | undefined> {
  const reply = ex.options.reply ? await askScript(ex, req, shape) : "";
  if (await handleControlReply(ex, reply, shape)) return undefined;
  if (typeof reply === "object" && "embeddings" in reply) return reply.embeddings;
  const embed = ex.options.embed ?? ((text: string) => hashEmbedding(text));
  return (req.input ?? []).map((text) => embed(text));
}
