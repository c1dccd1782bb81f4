/**
 * The one place errors become responses: a status and `{error}` in words a user can act on. Provider and
 * audit errors keep their own messages (they say what to do); anything unexpected is logged, not shown.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AuditError } from "../core/audit.js";
import { ProviderError, type ProviderErrorKind } from "../providers/errors.js";
import { MetricUnavailableError } from "../similarity/errors.js";
import type { AppContext } from "./context.js";
import { sendJson } from "./respond.js";

export { HttpError } from "./http-error.js";

/** The user's settings are wrong (400) or the provider failed (502); a timeout is 504. */
function providerStatus(kind: ProviderErrorKind): 400 | 502 | 504 {
  if (["unknown-provider", "invalid-config", "missing-key", "bad-request", "model-not-found", "unavailable"].includes(kind)) return 400;
  return kind === "timeout" ? 504 : 502;
}

export function statusAndMessage(error: unknown): { status: number; message: string; unexpected?: boolean } {
  if (error instanceof HTTPException) return { status: error.status, message: error.message };
  if (error instanceof ProviderError) return { status: providerStatus(error.kind), message: error.message };
  if (error instanceof AuditError) {
    const cause = error.cause instanceof ProviderError ? error.cause : undefined;
    return { status: cause ? providerStatus(cause.kind) : 502, message: error.message };
  }
  if (error instanceof MetricUnavailableError) return { status: 503, message: error.message };
  return { status: 500, message: "Unexpected server error; the server log has the details.", unexpected: true };
}

export function errorHandler(ctx: AppContext) {
  return (error: Error, c: Context) => {
    const { status, message, unexpected } = statusAndMessage(error);
    if (unexpected) ctx.deps.log?.(ctx.redact(`unexpected error on ${c.req.method} ${c.req.path}: ${process.env.AUDITLLM_DEBUG ? error.stack : error.message}`));
    if (error instanceof HTTPException && error.res) return error.res;
    return sendJson(c, ctx, { error: message }, status);
  };
}
