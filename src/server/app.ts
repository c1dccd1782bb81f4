/**
 * The web server as a Hono app, built from injected deps so tests drive it without a socket:
 * security middleware for every response, the API's route modules under /api, and the browser app.
 *
 *   const server = createApp(deps);   // server.app.fetch(request), or listen(server.app, …)
 *
 * New pages add a route module under routes/ and one `api.route()` line here.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createContext, type AppContext } from "./context.js";
import type { ServerDeps } from "./deps.js";
import { errorHandler } from "./errors.js";
import { auditRoutes } from "./live/routes/audits.js";
import { batchResultRoutes } from "./batch/routes/batch-results.js";
import { batchRoutes } from "./batch/routes/batches.js";
import { compareRoutes } from "./batch/routes/compare.js";
import { modelRoutes } from "./routes/models.js";
import { probeRoutes } from "./live/routes/probes.js";
import { runRoutes } from "./live/routes/runs.js";
import { sessionRoutes } from "./routes/session.js";
import { uploadRoutes } from "./batch/routes/uploads.js";
import { securityHeaders } from "./security/headers.js";
import { loopbackHostsOnly } from "./security/host-check.js";
import { setModelCheck } from "./model-id-schema.js";
import { allowedFromWeb } from "./web-models.js";
import { sameOriginApi } from "./security/same-origin.js";
import { requireToken, tokenLanding } from "./security/token.js";
import { webRoutes } from "./static.js";

/** JSON bodies larger than this are refused with 413 (a question and 50 long probes fit many times over). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerApp {
  app: Hono;
  context: AppContext;
  /** Cancels the audits under way and releases the models (the store is the caller's). */
  close(): Promise<void>;
}

export function createApp(deps: ServerDeps): ServerApp {
  setModelCheck((id) => allowedFromWeb(id, deps.env));
  const ctx = createContext({ ...deps, log: deps.log ?? ((line) => void process.stderr.write(`${line}\n`)) });
  const app = new Hono();
  app.onError(errorHandler(ctx));
  app.notFound((c) => c.json({ error: `Nothing at ${c.req.path}.` }, 404));
  app.use("*", securityHeaders());
  if (deps.loopbackOnly) app.use("*", loopbackHostsOnly());

  const api = new Hono();
  api.use("*", sameOriginApi());
  if (deps.token) api.use("*", requireToken(deps.token));
  // Question files have their own, larger limit (uploads.ts), so they are routed before the JSON body limit.
  api.route("/uploads", uploadRoutes(ctx));
  api.use("*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.` }, 413) }));
  api.route("/session", sessionRoutes(ctx));
  api.route("/models", modelRoutes(ctx));
  api.route("/probes", probeRoutes(ctx));
  api.route("/audits", auditRoutes(ctx));
  api.route("/runs", runRoutes(ctx));
  api.route("/batches", batchRoutes(ctx));
  api.route("/batches", batchResultRoutes(ctx));
  api.route("/compare", compareRoutes(ctx));
  api.all("*", (c) => c.json({ error: `No API route ${c.req.method} ${c.req.path}.` }, 404));
  app.route("/api", api);

  if (deps.token) app.use("*", tokenLanding(deps.token, { secure: deps.secureCookie }));
  app.route("/", webRoutes(deps.webRoot));
  return { app, context: ctx, close: () => ctx.close() };
}
