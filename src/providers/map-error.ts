import { ProviderError, isProviderError, type ProviderErrorKind } from "./errors.js";
import { parseRetryAfter } from "./retry.js";

/** What the mapper needs to know to explain a failure. */
export interface ErrorContext {
  model: string;
  /** Where the provider lives, for "could not reach …" messages. */
  endpoint?: string;
  /** The environment variable holding the key, for "check …" messages. */
  keyVariable?: string;
  signal?: AbortSignal;
}

interface HttpLikeError {
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  isRetryable?: boolean;
  message: string;
}

/** Turns anything a provider library threw into a ProviderError whose message says what to do. */
export function toProviderError(error: unknown, ctx: ErrorContext): ProviderError {
  if (isProviderError(error)) return error;
  const stopped = aborted(error, ctx);
  if (stopped) return stopped;
  const e = (error ?? {}) as HttpLikeError & { name?: string; cause?: unknown };
  const make = (kind: ProviderErrorKind, message: string, extra: { status?: number; retryAfterMs?: number } = {}) => new ProviderError({ kind, message, model: ctx.model, cause: error, ...extra });
  if (e.name === "AI_NoSuchModelError") return make("model-not-found", `Model ${ctx.model} does not exist at this provider.`);
  const status = typeof e.statusCode === "number" ? e.statusCode : undefined;
  if (status === undefined) {
    if (isConnectionFailure(error)) {
      return make("unreachable", `Could not reach ${ctx.endpoint ?? "the provider"} for ${ctx.model} (${rootMessage(error)}). Is the server running and the URL right?`);
    }
    return make("other", `${ctx.model} failed: ${e.message ?? String(error)}`);
  }
  const detail = providerMessage(e.responseBody) ?? e.message;
  const retryAfterMs = parseRetryAfter(e.responseHeaders);
  if (status === 401 || status === 403) {
    const hint = ctx.keyVariable ? ` Check ${ctx.keyVariable}.` : "";
    return make("auth", `${ctx.model}: the provider refused the credentials (HTTP ${status}: ${detail}).${hint}`, { status });
  }
  if (status === 404) {
    const pull = ctx.model.startsWith("ollama:") ? ", or pull it with `ollama pull`" : "";
    return make(
      "model-not-found",
      `${ctx.model}: not found at ${ctx.endpoint ?? "the provider"} (HTTP 404: ${detail}). Check the model name${pull}, and that the server URL is right (OpenAI-compatible URLs usually end in /v1).`,
      { status },
    );
  }
  if (status === 429) return make("rate-limited", `${ctx.model}: rate limited (HTTP 429: ${detail}).`, { status, retryAfterMs });
  if (status === 408) return make("timeout", `${ctx.model}: the provider timed out (HTTP 408).`, { status, retryAfterMs });
  if (status >= 500) return make("server", `${ctx.model}: server error (HTTP ${status}: ${detail}).`, { status, retryAfterMs });
  return make("bad-request", `${ctx.model}: the provider rejected the request (HTTP ${status}: ${detail}).`, { status });
}

function aborted(error: unknown, ctx: ErrorContext): ProviderError | undefined {
  const name = (error as { name?: string } | undefined)?.name;
  if (ctx.signal?.aborted) return abortError(ctx.model, ctx.signal, error);
  if (name === "TimeoutError" || name === "AbortError") return abortError(ctx.model, { reason: error }, error);
  return undefined;
}

/** The error of a call stopped by its signal: a timeout (the per-call limit) or a cancel (the user). */
export function abortError(model: string, signal: Pick<AbortSignal, "reason">, cause: unknown = signal.reason): ProviderError {
  const timedOut = (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
  return timedOut
    ? new ProviderError({ kind: "timeout", model, cause, message: `${model}: no answer within the time limit (raise --timeout if the model is slow).` })
    : new ProviderError({ kind: "cancelled", model, cause, message: `${model}: call cancelled.` });
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

function isConnectionFailure(error: unknown): boolean {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 6; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return true;
    if (typeof e.message === "string" && /Cannot connect to API|fetch failed|other side closed|socket hang up/i.test(e.message)) return true;
  }
  return false;
}

/** The chain of causes' messages, most specific last, without repeats. */
export function rootMessage(error: unknown): string {
  let e = error as { message?: string; cause?: unknown; code?: string } | undefined;
  const parts: string[] = [];
  for (let i = 0; e && i < 4; i++, e = e.cause as typeof e) {
    const text = e.code && !String(e.message).includes(e.code) ? `${e.message} (${e.code})` : String(e.message ?? e);
    if (!parts.some((p) => p.includes(text))) parts.push(text);
  }
  return parts.join(": ") || String(error);
}

/** The human part of a provider's error body, whatever its shape ({error:{message}}, {error:"..."}, {message}). */
function providerMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: string | { message?: string }; message?: string };
    if (typeof parsed.error === "string") return parsed.error;
    if (parsed.error && typeof parsed.error.message === "string") return parsed.error.message;
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.length > 300 ? `${body.slice(0, 300)}…` : body;
}
