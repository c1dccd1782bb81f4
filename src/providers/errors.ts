/** Why a provider call failed, in words a user can act on. */
export type ProviderErrorKind =
  | "unknown-provider"
  | "invalid-config"
  | "missing-key"
  | "unreachable"
  | "model-not-found"
  | "auth"
  | "rate-limited"
  | "server"
  | "timeout"
  | "bad-request"
  | "empty-answer"
  | "cancelled"
  | "unavailable"
  | "other";

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["rate-limited", "server", "timeout", "unreachable", "empty-answer"]);

export interface ProviderErrorOptions {
  kind: ProviderErrorKind;
  message: string;
  /** The model id the call was for, when known. */
  model?: string;
  status?: number;
  /** Milliseconds the provider asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly model?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(options: ProviderErrorOptions) {
    super(options.message, { cause: options.cause });
    this.kind = options.kind;
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether trying the same call again later can succeed. */
  get isRetryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}
