/** Runs a chat exchange for any protocol: asks the script, then answers as JSON or as a timed stream. */
import type { ScriptedRequest, TextReply } from "./llm-server-types.js";
import { askScript, handleControlReply, sendError, sendJson, sleep, type ErrorShape, type Exchange } from "./llm-server-exchange.js";
import { countTokens, promptTokens, splitPieces } from "./llm-server-text.js";

/** The answer a protocol dialect renders. */
export interface ChatAnswer {
  text: string;
  finishReason: "stop" | "length";
  promptTokens: number;
  completionTokens: number;
}

/** How one protocol renders a chat answer; frames are written verbatim (include their own newlines). */
export interface ChatDialect {
  errors: ErrorShape;
  json(answer: ChatAnswer): unknown;
  stream: {
    contentType: string;
    head(answer: ChatAnswer): string[];
    piece(text: string): string;
    tail(answer: ChatAnswer): string[];
    /** The in-stream error frame(s) a real server sends after a 200. */
    error(message: string): string[];
  };
  /** Extra response headers (request ids). */
  headers?: Record<string, string>;
}

export async function runChat(ex: Exchange, req: ScriptedRequest, dialect: ChatDialect): Promise<void> {
  const reply = await askScript(ex, req, dialect.errors);
  if (await handleControlReply(ex, reply, dialect.errors)) return;
  if (typeof reply === "object" && "embeddings" in reply) {
    sendError(ex, dialect.errors, 500, "test server: the script answered a chat request with embeddings");
    return;
  }
  const script: TextReply = typeof reply === "string" ? { text: reply } : (reply as TextReply);
  await sleep(script.delayMs, ex.res);
  if (ex.res.destroyed) return;
  const answer: ChatAnswer = {
    text: script.text,
    finishReason: script.finishReason ?? "stop",
    promptTokens: promptTokens(req.messages),
    completionTokens: countTokens(script.text),
  };
  if (!req.stream) {
    if (script.streamError !== undefined) sendError(ex, dialect.errors, 500, script.streamError);
    else sendJson(ex.res, 200, dialect.json(answer), dialect.errors.contentType, dialect.headers);
    return;
  }
  await writeStream(ex, dialect, answer, script);
}

async function writeStream(ex: Exchange, dialect: ChatDialect, answer: ChatAnswer, script: TextReply): Promise<void> {
  const { res } = ex;
  res.writeHead(200, { "content-type": dialect.stream.contentType, "cache-control": "no-cache", ...dialect.headers });
  res.flushHeaders();
  for (const frame of dialect.stream.head(answer)) res.write(frame);
  for (const piece of script.chunks ?? splitPieces(script.text)) {
    await sleep(script.chunkDelayMs, res);
    if (res.destroyed) return;
    res.write(dialect.stream.piece(piece));
  }
  const frames = script.streamError !== undefined ? dialect.stream.error(script.streamError) : dialect.stream.tail(answer);
  for (const frame of frames) res.write(frame);
  res.end();
}
