/**
 * Against cross-site requests to the API (CSRF, and pages poking at a server on loopback): a browser request
 * from another site is refused, and a request that sends a body must send JSON, or a file's bytes as
 * octet-stream (uploads); another site can send neither without a CORS preflight, which this server never grants.
 */
import type { MiddlewareHandler } from "hono";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function sameOriginApi(): MiddlewareHandler {
  return async (c, next) => {
    const site = c.req.header("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none") return c.json({ error: "Refused: a request from another site." }, 403);
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      if (origin !== undefined && origin !== new URL(c.req.url).origin) return c.json({ error: "Refused: a request from another origin." }, 403);
      const type = c.req.header("content-type") ?? "";
      // JSON, or a file's bytes (uploads): neither can be sent cross-site without a preflight.
      if (!/^application\/(json|octet-stream)\s*(;|$)/i.test(type)) return c.json({ error: "Send the request body as JSON (Content-Type: application/json)." }, 415);
    }
    await next();
  };
}
