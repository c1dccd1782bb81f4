/** The server folder's public face: the app factory, its deps, listening, and the model catalog. */
export { createApp, MAX_BODY_BYTES, type ServerApp } from "./app.js";
export type { AuditMetrics, CallLimits, MetricContext, ServerDeps } from "./deps.js";
export { listen, type Listening } from "./listen.js";
export { createCatalog, type CatalogOptions } from "./catalog.js";
export { isLoopbackHost } from "./security/host-check.js";
export { DEFAULT_WEB_ROOT } from "./static.js";
