/**
 * The HTTP under the direct chat adapters: node:http(s) with keep-alive agents, a JSON body out, the body (or
 * its lines, for streams) in. No web streams, no schema library: a call costs a request and a JSON.parse.
 * A non-2xx answer throws an HttpStatusError, which map-error turns into a ProviderError like any other.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** An HTTP error answer, in the shape map-error reads (status, headers, body). */
export class HttpStatusError extends Error {
  override readonly name = "HttpStatusError";
  constructor(
    readonly statusCode: number,
    readonly responseHeaders: Record<string, string>,
    readonly responseBody: string,
  ) {
    super(`HTTP ${statusCode}`);
  }
}

// Sockets are reused across calls (the scheduler bounds how many are open); idle ones do not keep the process alive.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export interface PostOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Streams: called with each line of the body as it arrives (without its newline). */
  onLine?: (line: string) => void;
}

/** A URL split once into what http.request takes (a call then parses nothing but its answer). */
interface Target {
  https: boolean;
  options: { protocol: string; hostname: string; port?: string; path: string; auth?: string };
}

const targets = new Map<string, Target>();

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (!target) {
    const u = new URL(url);
    const auth = u.username || u.password ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
    target = {
      https: u.protocol === "https:",
      // IPv6 literals come bracketed from URL; http.request wants them bare.
      options: { protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ""), port: u.port || undefined, path: u.pathname + u.search, auth },
    };
    if (targets.size >= 64) targets.clear(); // a handful of servers per run; bounded whatever the caller does
    targets.set(url, target);
  }
  return target;
}

/** POSTs `body` as JSON; resolves with the response text (for streams: "" once every line was handed over). */
export function postJson(url: string, body: unknown, options: PostOptions): Promise<string> {
  const payload = Buffer.from(JSON.stringify(body));
  const { https, options: where } = targetOf(url);
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const req = (https ? httpsRequest : httpRequest)({
      ...where,
      method: "POST",
      agent: https ? agents.https : agents.http,
      headers: { "content-type": "application/json", "content-length": String(payload.length), ...options.headers },
    });
    // The signal ends the request (cheaper than http.request's own `signal`, which watches the stream's end too).
    if (signal) {
      const abort = () => req.destroy(signal.reason);
      signal.addEventListener("abort", abort, { once: true });
      req.once("close", () => signal.removeEventListener("abort", abort));
    }
    req.on("error", reject);
    req.on("response", (res) => {
      res.on("error", reject);
      res.on("aborted", () => reject(signal?.reason ?? Object.assign(new Error("the server closed the connection mid-answer"), { code: "ECONNRESET" })));
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300 || !options.onLine) readAll(res, status, resolve, reject);
      else readLines(res, options.onLine, resolve, reject);
    });
    req.end(payload);
  });
}

function readAll(res: IncomingMessage, status: number, resolve: (text: string) => void, reject: (error: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => {
    const text = Buffer.concat(chunks).toString("utf8");
    if (status >= 200 && status < 300) resolve(text);
    else reject(new HttpStatusError(status, headersOf(res), text));
  });
}

function readLines(res: IncomingMessage, onLine: (line: string) => void, resolve: (text: string) => void, reject: (error: unknown) => void): void {
  res.setEncoding("utf8");
  let pending = "";
  res.on("data", (chunk: string) => {
    pending += chunk;
    let at = pending.indexOf("\n");
    try {
      while (at >= 0) {
        onLine(pending.slice(0, at).replace(/\r$/, ""));
        pending = pending.slice(at + 1);
        at = pending.indexOf("\n");
      }
    } catch (error) {
      reject(error);
      res.destroy();
    }
  });
  res.on("end", () => {
    try {
      if (pending) onLine(pending.replace(/\r$/, ""));
      resolve("");
    } catch (error) {
      reject(error);
    }
  });
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}
