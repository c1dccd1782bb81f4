/**
 * Against DNS rebinding: a server on loopback answers only requests addressed to a loopback name. A page on
 * evil.example whose name is made to resolve to 127.0.0.1 still sends `Host: evil.example`, and is refused.
 */
import type { MiddlewareHandler } from "hono";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The name part of a Host header: "localhost:7777" → "localhost", "[::1]:7777" → "[::1]". */
export function hostName(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(0, value.indexOf("]") + 1);
  return value.split(":")[0]!;
}

/** localhost, [::1], or any 127.x.y.z address (`serve --host 127.0.0.2`): a rebinding page sends its own name, never a literal address. */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(host);
  return LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name);
}

export function loopbackHostsOnly(): MiddlewareHandler {
  return async (c, next) => {
    // Browsers always send Host; a request built in-process (app.fetch) has only its URL.
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (!isLoopbackHost(host)) {
      return c.text(`Refused: this auditllm server answers only at localhost, 127.x.y.z or [::1], not at "${hostName(host).slice(0, 100)}".`, 403);
    }
    await next();
  };
}
