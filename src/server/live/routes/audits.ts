/**
 * POST /api/audits: a live audit as a stream of server-sent events (see AuditEvents in api-types.ts):
 * run → probes → delta… / answer… → result, or failed. Closing the request cancels the audit's calls.
 */
import { Hono } from "hono";
import type { AuditEvents } from "../../api-types.js";
import type { AppContext } from "../../context.js";
import { prepareLiveAudit, runLiveAudit } from "../audit.js";
import { readJson } from "../../respond.js";
import { auditRequestSchema } from "../schemas.js";
import { eventStream } from "../../sse.js";

export function auditRoutes(ctx: AppContext): Hono {
  return new Hono().post("/", async (c) => {
    const audit = prepareLiveAudit(ctx, await readJson(c, auditRequestSchema));
    return eventStream<AuditEvents>(c, ctx, (emit, signal) => runLiveAudit(ctx, audit, emit, signal));
  });
}
