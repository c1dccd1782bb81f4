/** GET /api/session: the server's version and metric. Behind the token like every /api route, so a 401 here tells the page it needs one. */
import { Hono } from "hono";
import type { SessionInfo } from "../api-types.js";
import type { AppContext } from "../context.js";
import { sendJson } from "../respond.js";

export function sessionRoutes(ctx: AppContext): Hono {
  return new Hono().get("/", (c) => {
    const info: SessionInfo = { version: ctx.deps.version, metric: ctx.deps.metricName, tokenRequired: Boolean(ctx.deps.token) };
    return sendJson(c, ctx, info);
  });
}
