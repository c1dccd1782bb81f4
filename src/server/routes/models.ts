/** GET /api/models: the models the page can offer and each provider's state (see catalog.ts). */
import { Hono } from "hono";
import type { AppContext } from "../context.js";
import { sendJson } from "../respond.js";

export function modelRoutes(ctx: AppContext): Hono {
  return new Hono().get("/", async (c) => sendJson(c, ctx, await ctx.deps.catalog()));
}
