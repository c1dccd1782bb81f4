/**
 * The web server for tests, real parts throughout: createApp on an ephemeral 127.0.0.1 port, a fresh
 * AUDITLLM_HOME with its SQLite store, models built by the real registry and pointed at a scripted LLM
 * server (openai-compatible:<model> at its /v1; Ollama at its root), and the hybrid metric.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databasePath } from "../config/paths.js";
import { parseModelId } from "../providers/model-id.js";
import { createLanguageModel } from "../providers/registry.js";
import { createApp, createCatalog, listen, type ServerApp, type ServerDeps } from "../server/index.js";
import { createMetric } from "../similarity/index.js";
import { openDatabase, type Db } from "../store/index.js";
import type { TestLlmServer } from "./llm-server.js";
import { testCacheDir } from "./paths.js";

export interface TestWebServer {
  url: string;
  server: ServerApp;
  db: Db;
  env: Record<string, string>;
  /** Server log lines (unexpected errors). */
  log: string[];
  close(): Promise<void>;
}

export interface TestWebServerOptions {
  llm?: TestLlmServer;
  env?: Record<string, string>;
  /** Overrides of the deps (token, loopbackOnly, calls, …). */
  deps?: Partial<ServerDeps>;
}

export async function startTestWebServer(options: TestWebServerOptions = {}): Promise<TestWebServer> {
  const home = mkdtempSync(join(tmpdir(), "auditllm-web-"));
  const env: Record<string, string> = {
    AUDITLLM_HOME: home,
    AUDITLLM_CACHE: testCacheDir(),
    OLLAMA_HOST: options.llm ? options.llm.ollamaHost : "127.0.0.1:9",
    ...options.env,
  };
  const baseUrl = options.llm?.openaiBaseUrl;
  const db = openDatabase(databasePath(env));
  const log: string[] = [];
  const metric = createMetric("hybrid", { cacheDir: testCacheDir() });
  const server = createApp({
    version: "0.0.0-test",
    db,
    env,
    createModel: (id) => createLanguageModel(id, { env, baseUrl: parseModelId(id).provider === "openai-compatible" ? baseUrl : undefined, cacheDir: testCacheDir() }),
    metricName: metric.name,
    loadMetrics: () => ({ metric, probeMetric: metric }),
    catalog: createCatalog({ env, baseUrl }),
    calls: { concurrency: 4, timeoutMs: 20_000, retries: 0 },
    loopbackOnly: true,
    log: (line) => void log.push(line),
    ...options.deps,
  });
  const listening = await listen(server.app, { port: 0, host: "127.0.0.1" });
  return {
    url: listening.url,
    server,
    db,
    env,
    log,
    async close() {
      await server.close();
      await listening.close();
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
