/**
 * What the server is given, so it can be built and tested without a socket: the store, how models and the
 * similarity metric are made, call limits and security settings. The CLI (`auditllm serve`) wires the real ones.
 */
import type { Complete } from "../core/types.js";
import type { Env } from "../providers/endpoints.js";
import type { Embedder, LanguageModel } from "../providers/types.js";
import type { SimilarityMetric } from "../similarity/types.js";
import type { Db } from "../store/index.js";
import type { ModelCatalog } from "./api-types.js";

/** What an audit's metrics may use: its executor's embedder wrapper and calls (for a judge). */
export interface MetricContext {
  wrapEmbedder(embedder: Embedder): Embedder;
  complete: Complete;
}

export interface AuditMetrics {
  metric: SimilarityMetric;
  /** Checks probes (relevance, near-copies); the metric itself unless that one is costly (a judge). */
  probeMetric: SimilarityMetric;
}

export interface CallLimits {
  /** Calls in flight at once per provider server. */
  concurrency: number;
  timeoutMs: number;
  retries: number;
}

export interface ServerDeps {
  version: string;
  /** The store; opened and closed by the caller. */
  db: Db;
  /** Read for provider detection only; no value from it is ever sent (see redact). */
  env: Env;
  /** Builds a model by id (`ollama:llama3.2`, …); the app keeps one per id. Throws ProviderError on a bad id or missing key. */
  createModel(id: string): LanguageModel;
  /** The name of the similarity metric, stored with each run. */
  metricName: string;
  loadMetrics(context: MetricContext): AuditMetrics;
  /** Which models the page may offer. */
  catalog(): Promise<ModelCatalog>;
  calls: CallLimits;
  /** When set, every /api call must carry it (Bearer header, or the cookie set by visiting /?token=…). */
  token?: string;
  /** The session cookie gets `Secure` (for a server behind an HTTPS reverse proxy: `serve --secure-cookie`). */
  secureCookie?: boolean;
  /** Serve only requests whose Host is localhost, 127.0.0.1 or [::1] (against DNS rebinding). */
  loopbackOnly: boolean;
  /** The built browser app (dist/web); default: the one beside this module. */
  webRoot?: string;
  /** Stored with every run's config (e.g. the redacted --base-url). */
  runInfo?: Record<string, unknown>;
  /** Where unexpected server errors are reported (default: stderr). */
  log?(line: string): void;
  /** Batch runs from the page (the CLI's path, serve's --base-url, uploads); defaults suit `auditllm serve`. */
  batch?: BatchRunnerOptions;
}

/** How the server runs batches; every field has a default that suits `auditllm serve`. */
export interface BatchRunnerOptions {
  /** The script a run's process runs, given the run id (default: batch/run-process.js of this build). */
  processPath?: string;
  /** `serve --base-url`: the OpenAI-compatible server, given to the run's process as OPENAI_COMPATIBLE_BASE_URL. */
  baseUrl?: string;
  /** Where uploads are kept (default: `uploads` beside the store). */
  uploadDir?: string;
  /** Largest upload in bytes (default 50 MB). */
  maxUploadBytes?: number;
}
