/**
 * Where an embedded llama.cpp model comes from: a local .gguf path, or an `hf:` URI (or URL) that
 * node-llama-cpp downloads into `<cacheDir>/models`. Checks the cache without network, refuses to
 * download without consent, and turns every failure into a ProviderError that says what to do.
 */
import { open, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { abortError, rootMessage } from "./map-error.js";
import { ProviderError, type ProviderErrorKind } from "./errors.js";
import { loadNodeLlamaCpp, type NodeLlamaCpp } from "./llamacpp-runtime.js";

export interface LlamaCppSourceOptions {
  /** auditllm's cache folder; models live in `<cacheDir>/models`. */
  cacheDir: string;
  /** Whether a model that is not cached yet may be downloaded (the CLI asks first, or `--yes`). */
  allowDownload?: boolean;
  onDownloadProgress?: (downloadedBytes: number, totalBytes: number) => void;
  /** Hugging Face endpoint; defaults to $MODEL_ENDPOINT, $HF_ENDPOINT, then https://huggingface.co/. */
  huggingFaceEndpoint?: string;
  /** Token for gated models; undefined reads $HF_TOKEN or ~/.cache/huggingface/token, null uses none. */
  huggingFaceToken?: string | null;
  /** Loads node-llama-cpp; replaceable in tests. */
  importer?: () => Promise<NodeLlamaCpp>;
}

export function modelsDir(cacheDir: string): string {
  return join(cacheDir, "models");
}

/** hf:, huggingface: and http(s) sources are downloaded; anything else is a local path. */
export function isRemoteSource(source: string): boolean {
  return /^(hf:|huggingface:|hf\.co\/|huggingface\.co\/|https?:\/\/)/i.test(source);
}

function localPath(source: string): string {
  return resolve(source.startsWith("~/") ? join(homedir(), source.slice(2)) : source);
}

/** Whether the model is on disk already (a local file, or a downloaded `hf:` model); never uses the network. */
export async function isLlamaCppModelCached(source: string, cacheDir: string, importer?: () => Promise<NodeLlamaCpp>): Promise<boolean> {
  if (!isRemoteSource(source)) return (await stat(localPath(source)).catch(() => undefined))?.isFile() ?? false;
  return (await cachedPath(await loadNodeLlamaCpp(importer), source, cacheDir)) !== undefined;
}

async function cachedPath(lib: NodeLlamaCpp, source: string, cacheDir: string): Promise<string | undefined> {
  try {
    return await lib.resolveModelFile(source, { directory: modelsDir(cacheDir), download: false, cli: false });
  } catch {
    return undefined;
  }
}

/** The local .gguf path for `source`, downloading it first when allowed. */
export async function resolveLlamaCppModelPath(lib: NodeLlamaCpp, id: string, source: string, options: LlamaCppSourceOptions, signal?: AbortSignal): Promise<string> {
  if (!isRemoteSource(source)) return checkLocalGguf(id, localPath(source));
  const cached = await cachedPath(lib, source, options.cacheDir);
  if (cached) return cached;
  const dir = modelsDir(options.cacheDir);
  if (!options.allowDownload) {
    throw new ProviderError({
      kind: "unavailable",
      model: id,
      message: `${id} is not downloaded yet. Run again with --yes to download it into ${dir}, or pass a local .gguf path.`,
    });
  }
  const endpoint = huggingFaceEndpoint(options.huggingFaceEndpoint);
  const host = /^https?:\/\//i.test(source) ? `${new URL(source).origin}/` : endpoint;
  const label = host === endpoint ? `Hugging Face at ${endpoint}` : host;
  await checkReachable(id, host, label, signal);
  const progress = options.onDownloadProgress;
  try {
    return await lib.resolveModelFile(source, {
      directory: dir,
      cli: false,
      signal,
      endpoints: { huggingFace: endpoint },
      // node-llama-cpp reads no token from the environment when given null (its type says string only).
      ...(options.huggingFaceToken !== undefined ? { tokens: { huggingFace: options.huggingFaceToken as string } } : {}),
      onProgress: progress ? ({ downloadedSize, totalSize }) => progress(downloadedSize, totalSize) : undefined,
    });
  } catch (error) {
    throw downloadError(id, label, error, signal);
  }
}

function huggingFaceEndpoint(configured?: string): string {
  const endpoint = configured || process.env.MODEL_ENDPOINT || process.env.HF_ENDPOINT || "https://huggingface.co/";
  return endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
}

const OFFLINE_HINT = "Check the network (or $HF_ENDPOINT), pass a local .gguf path instead, or use a model served by Ollama or an OpenAI-compatible server.";

/** node-llama-cpp's downloader retries a dead connection for minutes; one quick request tells us first. */
async function checkReachable(id: string, url: string, label: string, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(15_000);
  try {
    const response = await fetch(url, { method: "HEAD", signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await response.body?.cancel();
  } catch (error) {
    if (signal?.aborted) throw abortError(id, signal);
    throw new ProviderError({ kind: "unreachable", model: id, cause: error, message: `Could not reach ${label} to download ${id} (${rootMessage(error)}). ${OFFLINE_HINT}` });
  }
}

function downloadError(id: string, label: string, error: unknown, signal?: AbortSignal): ProviderError {
  if (signal?.aborted) return abortError(id, signal);
  const status = (error as { statusCode?: number })?.statusCode;
  const message = rootMessage(error);
  const make = (kind: ProviderErrorKind, text: string) => new ProviderError({ kind, model: id, status, cause: error, message: text });
  if (status === 404 || /does not exist/i.test(message)) return make("model-not-found", `${id} was not found on Hugging Face (${message}). Check the user, repository, file name or quantization.`);
  if (status === 401 || status === 403) return make("auth", `Hugging Face refused access to ${id} (HTTP ${status}). For a gated or private model, accept its terms on the website and set HF_TOKEN.`);
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket/i.test(message)) {
    return make("unreachable", `Could not reach ${label} to download ${id} (${message}). ${OFFLINE_HINT}`);
  }
  return make("other", `Downloading ${id} failed: ${message}`);
}

/** Throws unless `path` is an existing file that starts with the GGUF magic. */
export async function checkLocalGguf(id: string, path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new ProviderError({
      kind: "model-not-found",
      model: id,
      message: `No model file at ${path}. Check the path, or use an hf: URI such as llamacpp:hf:bartowski/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M.`,
    });
  }
  const handle = await open(path, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead < 4 || buffer.toString("latin1") !== "GGUF") {
      throw new ProviderError({
        kind: "bad-request",
        model: id,
        message: `${path} is not a GGUF model file (it does not start with "GGUF"). llamacpp: needs a .gguf file, e.g. one downloaded from Hugging Face.`,
      });
    }
  } finally {
    await handle.close();
  }
  return path;
}

/** A ProviderError for an aborted call: "timeout" when the signal timed out, else "cancelled". */
