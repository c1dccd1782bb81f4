/**
 * `auditllm serve`: the web app for live audits on http://127.0.0.1:7777. Another host is served only with
 * AUDITLLM_TOKEN set (every API call must then carry it); keys stay in this process's environment.
 */
import { readFileSync } from "node:fs";
import { metricSpecText, parseMetricSpec } from "../app/metric-spec.js";
import { auditMetrics, checkMetric } from "../app/metrics.js";
import { cacheDir, databasePath } from "../config/paths.js";
import { DEFAULT_GGUF } from "../providers/detect.js";
import { checkedUrl, redactUrl } from "../providers/endpoints.js";
import { parseModelId } from "../providers/model-id.js";
import { createLanguageModel } from "../providers/registry.js";
import { createApp, createCatalog, listen } from "../server/index.js";
import { openDatabase } from "../store/index.js";
import { UsageError } from "./errors.js";
import { openBrowser, redirectPage } from "./open-browser.js";
import { onInterrupt } from "./signals.js";

export interface ServeOptions {
  port: number;
  host: string;
  open?: boolean;
  baseUrl?: string;
  metric: string;
  concurrency: number;
  timeout: number;
  retries: number;
  secureCookie?: boolean;
}

/** A bind address that only this machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

export const MIN_TOKEN_LENGTH = 16;

export async function serve(options: ServeOptions): Promise<void> {
  const env = process.env;
  if (options.port > 65535) throw new UsageError("--port must be at most 65535.");
  const token = env.AUDITLLM_TOKEN?.trim() || undefined;
  const loopback = isLoopbackAddress(options.host);
  if (!loopback && !token) {
    throw new UsageError(
      `Refusing to serve on ${options.host} without an access token: anyone who can reach it could spend your keys. ` +
        "Set AUDITLLM_TOKEN to a long random value (e.g. AUDITLLM_TOKEN=$(openssl rand -hex 24)), or serve on 127.0.0.1.",
    );
  }
  if (token && token.length < MIN_TOKEN_LENGTH) throw new UsageError(`AUDITLLM_TOKEN is too short: use at least ${MIN_TOKEN_LENGTH} random characters (e.g. $(openssl rand -hex 24)).`);
  if (options.baseUrl) checkedUrl(options.baseUrl, "--base-url");
  // A bad --metric is a usage error now, not on the first audit.
  const spec = parseMetricSpec(options.metric);
  const metricUrl = spec.kind === "embedding" && spec.provider === "openai-compatible" ? options.baseUrl : undefined;
  checkMetric(spec, env, metricUrl);
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  const db = openDatabase(databasePath(env));
  const cache = cacheDir(env);
  const server = createApp({
    version,
    db,
    env,
    createModel: (id) => createLanguageModel(id, { env, baseUrl: parseModelId(id).provider === "openai-compatible" ? options.baseUrl : undefined, cacheDir: cache }),
    metricName: metricSpecText(spec),
    loadMetrics: (context) => auditMetrics(spec, { env, baseUrl: metricUrl, onNote: (note) => void process.stderr.write(`${note}\n`), ...context }),
    catalog: createCatalog({ env, baseUrl: options.baseUrl, embedded: once(() => embeddedModel(env, cache)) }),
    calls: { concurrency: options.concurrency, timeoutMs: options.timeout * 1000, retries: options.retries },
    token,
    loopbackOnly: loopback,
    secureCookie: options.secureCookie,
    runInfo: options.baseUrl ? { baseUrl: redactUrl(options.baseUrl) } : {},
    // Batch runs work in processes of their own; serve's --base-url reaches them through their environment.
    batch: { baseUrl: options.baseUrl },
  });
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(server.app, { port: options.port, host: options.host });
  } catch (error) {
    db.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`Port ${options.port} is in use on ${options.host}: choose another with --port.`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new UsageError(`Cannot listen on ${options.host}: not an address of this machine.`);
    throw error;
  }
  process.stdout.write(`auditllm web app: ${listening.url}/\n`);
  if (token) process.stderr.write(`Open it once as ${listening.url}/?token=<the value of AUDITLLM_TOKEN>; the browser then keeps a session cookie.\n`);
  process.stderr.write("Ctrl+C stops the server.\n");
  // With a token, the browser is given a private temporary page that redirects to /?token=…: the token is never on a command line (ps).
  if (options.open) openBrowser(token ? redirectPage(`${listening.url}/?token=${encodeURIComponent(token)}`) : `${listening.url}/`, (m) => void process.stderr.write(`${m}\n`));
  // The handlers stay until the server is down: removing them inside the signal's own dispatch would let
  // another module's signal-exit handler (loaded with node-llama-cpp) see no listener and re-raise the signal.
  let stopListening = () => {};
  await new Promise<void>((resolve) => void (stopListening = onInterrupt(resolve)));
  await server.close();
  await listening.close();
  db.close();
  stopListening();
}

/** The embedded llama.cpp model's id when its file is on disk (never downloads). */
async function embeddedModel(env: NodeJS.ProcessEnv, cache: string): Promise<string | undefined> {
  const source = env.AUDITLLM_LLAMACPP_MODEL?.trim() || DEFAULT_GGUF;
  const { isLlamaCppModelCached } = await import("../providers/llamacpp-source.js");
  return (await isLlamaCppModelCached(source, cache)) ? `llamacpp:${source}` : undefined;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
