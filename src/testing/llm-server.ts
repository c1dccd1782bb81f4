/**
 * A scripted LLM server for tests that speaks the real OpenAI, Ollama and Anthropic HTTP protocols
 * (JSON, SSE and NDJSON streams, error shapes) on 127.0.0.1, built on node:http only.
 *
 *   const server = await startTestLlmServer({ reply: (r) => `answer to ${r.prompt}` });
 *   createOpenAICompatible({ name: "x", baseURL: server.openaiBaseUrl }) … await server.close();
 *
 * Routing: /api/* and / → Ollama; POST /v1/messages, and GET /v1/models with an `anthropic-version` header →
 * Anthropic; /v1/files, /v1/batches and /v1/messages/batches → the batch services (llm-server-batch.ts);
 * everything else → OpenAI.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ScriptedRequest, TestLlmServer, TestLlmServerOptions } from "./llm-server-types.js";
import type { Exchange } from "./llm-server-exchange.js";
import { handleAnthropic } from "./llm-server-anthropic.js";
import { batchState, handleBatch, isBatchPath } from "./llm-server-batch.js";
import { handleOllama } from "./llm-server-ollama.js";
import { handleOpenAI } from "./llm-server-openai.js";

export type { ErrorReply, Protocol, ScriptedReply, ScriptedRequest, TestBatch, TestBatchOptions, TestLlmServer, TestLlmServerOptions, TextReply } from "./llm-server-types.js";
export { cosine, countTokens, hashEmbedding, splitPieces } from "./llm-server-text.js";
export { ollamaName } from "./llm-server-ollama.js";

export async function startTestLlmServer(options: TestLlmServerOptions = {}): Promise<TestLlmServer> {
  const requests: ScriptedRequest[] = [];
  let ids = 0;
  const batches = batchState();
  let open = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) res.destroy();
      else {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`test server failure: ${(error as Error)?.stack ?? String(error)}`);
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "POST") {
      open++;
      res.once("close", () => open--);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    const ex: Exchange = {
      method: req.method ?? "GET",
      path: new URL(req.url ?? "/", "http://127.0.0.1").pathname,
      headers,
      raw: Buffer.concat(chunks).toString("utf8"),
      res,
      options,
      record: (r) => void requests.push(r),
      nextId: () => ++ids,
      inFlight: open,
    };
    if (isBatchPath(ex.path)) return handleBatch(ex, batches);
    if (ex.path === "/" || ex.path.startsWith("/api/")) return handleOllama(ex);
    if (ex.path === "/v1/messages" || (ex.path === "/v1/models" && headers["anthropic-version"])) return handleAnthropic(ex);
    return handleOpenAI(ex);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: `${url}/v1`,
    ollamaHost: url,
    requests,
    batches: batches.list,
    openRequests: () => open,
    countChat: (filter) => requests.filter((r) => r.kind === "chat" && (!filter || filter(r))).length,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
