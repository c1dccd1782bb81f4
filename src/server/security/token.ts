/**
 * The access token (AUDITLLM_TOKEN). API calls carry it as `Authorization: Bearer <token>`, or as an HttpOnly,
 * SameSite=Strict session cookie that visiting any page with `?token=<token>` sets once (the browser's
 * EventSource and downloads cannot send headers; the token then leaves the address bar at once). The
 * cookie holds an HMAC of the token, not the token. Every comparison takes the same time whatever matches.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "auditllm_session";

export const TOKEN_MESSAGE =
  "This auditllm server needs its access token. Open the page once as /?token=<the value of AUDITLLM_TOKEN> " +
  "(the browser then keeps a session cookie), or send the header Authorization: Bearer <token>.";

export function sessionValue(token: string): string {
  return createHmac("sha256", token).update("auditllm web session v1").digest("base64url");
}

/** Constant-time equality of two strings of any length (both are hashed to 32 bytes first). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Passes requests that carry the token (header or session cookie); answers 401 otherwise. */
export function requireToken(token: string): MiddlewareHandler {
  const session = sessionValue(token);
  return async (c, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
    const cookie = getCookie(c, SESSION_COOKIE);
    const ok = (bearer !== undefined && sameSecret(bearer, token)) || (cookie !== undefined && sameSecret(cookie, session));
    if (!ok) {
      c.header("www-authenticate", 'Bearer realm="auditllm"');
      return c.json({ error: TOKEN_MESSAGE }, 401);
    }
    await next();
  };
}

/** `GET /any/page?token=…`: the right token sets the session cookie and redirects to the page without it. */
/** How long the session cookie lasts (a week), in seconds. */
export const SESSION_MAX_AGE = 7 * 24 * 3600;

/** `secure`: the cookie is sent over HTTPS only (`serve --secure-cookie`, behind an HTTPS reverse proxy). */
export function tokenLanding(token: string, options: { secure?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.query("token");
    if (given === undefined || c.req.method !== "GET") return next();
    if (!sameSecret(given, token)) return c.text("That is not this server's token (AUDITLLM_TOKEN). Open the page again with the right one.", 401);
    setCookie(c, SESSION_COOKIE, sessionValue(token), { httpOnly: true, sameSite: "Strict", path: "/", maxAge: SESSION_MAX_AGE, secure: Boolean(options.secure) });
    const url = new URL(c.req.url);
    url.searchParams.delete("token");
    return c.redirect(`${url.pathname}${url.search}`, 303);
  };
}
