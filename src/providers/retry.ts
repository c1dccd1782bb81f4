import { isProviderError } from "./errors.js";

/** How often and how long to retry a failed call. The one retry layer of auditllm uses it (see calls/executor). */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = never retry), for failures other than rate limits. */
  maxRetries: number;
  /** Retries of a call the provider refused for load (429, 503, 529): a storm is not a failure of the call. */
  maxRateLimitRetries: number;
  /** First backoff; doubles each attempt. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, maxRateLimitRetries: 20, baseDelayMs: 500, maxDelayMs: 60_000 };

/** Whether the provider refused the call for load rather than because of the call itself. */
export function isOverload(error: unknown): boolean {
  return isProviderError(error) && (error.kind === "rate-limited" || (error.kind === "server" && (error.status === 503 || error.status === 529)));
}

/**
 * How long to wait before retrying after `error`, the `attempt`-th failure of its kind (0-based; rate limits
 * and other failures are counted apart), or undefined to give up.
 * Honours the provider's Retry-After; otherwise exponential backoff with "equal jitter" (half fixed, half random), so retries of many calls spread out.
 */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  const cap = isOverload(error) ? policy.maxRateLimitRetries : policy.maxRetries;
  if (!isProviderError(error) || !error.isRetryable || attempt >= cap) return undefined;
  if (error.retryAfterMs !== undefined) return Math.min(Math.max(error.retryAfterMs, 0), policy.maxDelayMs);
  const ceiling = Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses Retry-After (seconds or an HTTP date) and OpenAI's retry-after-ms into milliseconds. */
export function parseRetryAfter(headers: Record<string, string | undefined> | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  const ms = Number(lower["retry-after-ms"]);
  if (lower["retry-after-ms"] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower["retry-after"]?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
