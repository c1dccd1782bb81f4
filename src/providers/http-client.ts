/**
 * The HTTP under the direct chat adapters: HTTP/1.1 over node:net / node:tls sockets kept alive between
 * calls, a JSON body out in one write, the body (or its lines, for streams) in. It does only what those
 * adapters need — POST, a response framed by chunked coding, Content-Length or the connection's end
 * (http-response.ts) — and so costs about half the CPU of node:http per call, which matters when a fast
 * server answers thousands of calls a minute (README, "Speed"). TLS is node's own (certificate checks, SNI,
 * NODE_EXTRA_CA_CERTS). A non-2xx answer throws an HttpStatusError, which map-error turns into a
 * ProviderError like any other; a broken connection throws an error with its socket code (ECONNREFUSED,
 * ECONNRESET, …), which map-error reads as a connection failure. Like node:http it never sends a request twice
 * (a kept-alive connection the server closed as a call went out fails that call with ECONNRESET): whether to
 * try again is the executor's to decide, in one place.
 */
import { channel } from "node:diagnostics_channel";
import { connect as netConnect, isIP, type Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import { connect as tlsConnect } from "node:tls";
import { HTTP_CHANNELS } from "./http-channels.js";
import { onAbort } from "./on-abort.js";
import { type ResponseHead, ResponseParser, type ResponseSink } from "./http-response.js";

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

export interface PostOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Streams: called with each line of the body as it arrives (without its newline). */
  onLine?: (line: string) => void;
}

const requestStart = channel(HTTP_CHANNELS.requestStart);
const responseFinish = channel(HTTP_CHANNELS.responseFinish);

/** A URL split once: where to connect, and the start of every request's head. */
interface Target {
  /** The pool's key: one list of idle connections per scheme, host and port. */
  key: string;
  https: boolean;
  host: string;
  port: number;
  /** "POST /path HTTP/1.1\r\nhost: …\r\n" */
  requestLine: string;
  /** Basic credentials from the URL's user info, sent unless the headers carry an Authorization of their own. */
  authorization?: string;
}

const targets = new Map<string, Target>();

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (!target) {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError(`only http: and https: URLs can be called (got ${u.protocol})`);
    const https = u.protocol === "https:";
    const host = u.hostname.replace(/^\[|\]$/g, ""); // IPv6 literals come bracketed from URL; sockets want them bare
    const port = u.port ? Number(u.port) : https ? 443 : 80;
    const credentials = u.username || u.password ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
    target = {
      key: `${u.protocol}//${u.host}`,
      https,
      host,
      port,
      requestLine: `POST ${u.pathname}${u.search} HTTP/1.1\r\nhost: ${u.host}\r\n`,
      authorization: credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString("base64")}`,
    };
    if (targets.size >= 64) targets.clear(); // a handful of servers per run; bounded whatever the caller does
    targets.set(url, target);
  }
  return target;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** Headers the client sets itself. */
const OURS = new Set(["content-length", "host", "connection", "transfer-encoding"]);

/** The header lines of a request (content-type JSON unless the headers say otherwise), checked: a header that would break the request throws. */
function headerLines(headers: Record<string, string>): { lines: string; authorization: boolean } {
  let lines = "";
  let contentType = false;
  let authorization = false;
  for (const name in headers) {
    const value = headers[name]!;
    if (!TOKEN.test(name)) throw new TypeError(`an invalid HTTP header name: ${JSON.stringify(name)}`);
    if (BAD_VALUE.test(value)) throw new TypeError(`the HTTP header ${name} holds a character a header cannot carry (a line break in an API key?)`);
    const lower = name.toLowerCase();
    if (OURS.has(lower)) continue;
    contentType ||= lower === "content-type";
    authorization ||= lower === "authorization";
    lines += `${name}: ${value}\r\n`;
  }
  return { lines: contentType ? lines : `content-type: application/json\r\n${lines}`, authorization };
}

/** Idle connections kept per target (node's Agent keeps 256 too). */
const MAX_IDLE = 256;
const idle = new Map<string, Connection[]>();

/** One socket and the exchange it is carrying, if any. */
class Connection {
  exchange: Exchange | null = null;
  /** When an idle connection is too old to trust (the server's Keep-Alive timeout, less a second). */
  expires = Number.POSITIVE_INFINITY;

  constructor(
    readonly socket: Socket,
    readonly key: string,
  ) {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1000);
    socket.on("data", (chunk: Buffer) => {
      if (this.exchange) this.exchange.data(chunk);
      else socket.destroy(); // bytes nobody asked for: the connection cannot be trusted
    });
    socket.on("end", () => this.exchange?.ended());
    socket.on("error", (error) => this.exchange?.failed(error));
    socket.on("close", () => {
      this.exchange?.failed(connectionReset("the server closed the connection mid-answer"));
      const list = idle.get(key);
      const at = list ? list.indexOf(this) : -1;
      if (at >= 0) list!.splice(at, 1);
      if (list?.length === 0) idle.delete(key);
    });
  }
}

/** A connection that ended too soon, with the code node's sockets give it (map-error reads it as a connection failure). */
function connectionReset(message: string): Error {
  return Object.assign(new Error(message), { code: "ECONNRESET" });
}

/** The last TLS session of each HTTPS target: a new connection resumes it instead of a full handshake (as node:https's Agent does). */
const tlsSessions = new Map<string, Buffer>();

function connectTo(target: Target): Connection {
  if (!target.https) return new Connection(netConnect({ host: target.host, port: target.port }), target.key);
  const servername = isIP(target.host) ? undefined : target.host;
  const socket = tlsConnect({ host: target.host, port: target.port, servername, ALPNProtocols: ["http/1.1"], session: tlsSessions.get(target.key) });
  socket.on("session", (session: Buffer) => {
    if (tlsSessions.size >= 64 && !tlsSessions.has(target.key)) tlsSessions.clear();
    tlsSessions.set(target.key, session);
  });
  return new Connection(socket, target.key);
}

function takeIdle(target: Target): Connection | undefined {
  const list = idle.get(target.key);
  const now = Date.now();
  while (list && list.length > 0) {
    const connection = list.pop()!;
    if (list.length === 0) idle.delete(target.key);
    if (!connection.socket.destroyed && connection.expires > now) {
      connection.socket.ref();
      return connection;
    }
    connection.socket.destroy();
  }
  return undefined;
}

/** Puts a connection that finished its exchange back in its pool (unreferenced: idle sockets never keep the process alive). */
function release(connection: Connection, head: ResponseHead | undefined): void {
  connection.exchange = null;
  if (connection.socket.destroyed) return; // (a socket is destroyed before its 'close')
  const hint = /\btimeout=(\d+)/i.exec(head?.headers["keep-alive"] ?? "");
  connection.expires = hint ? Date.now() + Number(hint[1]) * 1000 - 1000 : Number.POSITIVE_INFINITY;
  let list = idle.get(connection.key);
  if (!list) idle.set(connection.key, (list = []));
  if (list.length >= MAX_IDLE) {
    connection.socket.destroy();
    return;
  }
  connection.socket.unref();
  list.push(connection);
}

/** One request and its response on one connection. */
class Exchange implements ResponseSink {
  private readonly parser = new ResponseParser(this);
  private response: ResponseHead | undefined;
  private readonly chunks: Buffer[] = [];
  private decoder: StringDecoder | undefined;
  private partialLine = "";
  private received = 0;
  private settled = false;
  private readonly stopListening: (() => void) | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly url: string,
    private readonly options: PostOptions,
    private readonly resolve: (text: string) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    connection.exchange = this;
    const { signal } = options;
    // (postJson refused a signal already aborted: nothing here fails before the request is written.)
    if (signal) this.stopListening = onAbort(signal, () => this.failed(signal.reason));
  }

  head(head: ResponseHead): void {
    this.response = head;
    if (this.options.onLine && head.status >= 200 && head.status < 300) this.decoder = new StringDecoder("utf8");
  }

  body(bytes: Buffer): void {
    if (this.settled) return; // failed (a line handler threw, the signal fired) while this read was handed over
    if (!this.decoder) {
      this.chunks.push(bytes);
      return;
    }
    let text = this.partialLine + this.decoder.write(bytes);
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n")) {
      this.options.onLine!(text.charCodeAt(at - 1) === 13 ? text.slice(0, at - 1) : text.slice(0, at));
      if (this.settled) return;
      text = text.slice(at + 1);
    }
    this.partialLine = text;
  }

  data(chunk: Buffer): void {
    if (this.settled) return;
    this.received += chunk.length;
    try {
      this.parser.push(chunk);
      if (this.parser.done && !this.settled) this.finish();
    } catch (error) {
      this.failed(error);
    }
  }

  ended(): void {
    if (this.settled) return;
    if (this.parser.end()) this.finish();
    else this.failed(connectionReset(this.received === 0 ? "the server closed the connection without answering" : "the server closed the connection mid-answer"));
  }

  /** Ends the call with an error and closes its connection (the socket failed, ended too soon or closed; the signal fired; a handler threw). */
  failed(error: unknown): void {
    if (this.settled) return;
    this.settle();
    this.connection.socket.destroy();
    this.reject(error);
  }

  private finish(): void {
    if (this.settled) return;
    const { status, headers } = this.response!;
    try {
      if (this.decoder) {
        const rest = this.partialLine + this.decoder.end();
        this.partialLine = "";
        if (rest) this.options.onLine!(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
      }
      if (this.settled) return; // the last line's handler ended the call
    } catch (error) {
      this.failed(error);
      return;
    }
    this.settle();
    if (responseFinish.hasSubscribers) responseFinish.publish({ url: this.url, status });
    if (this.parser.reusable) release(this.connection, this.response);
    else this.connection.socket.destroy();
    if (this.decoder) {
      this.resolve("");
      return;
    }
    const text = (this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)).toString("utf8");
    if (status >= 200 && status < 300) this.resolve(text);
    else this.reject(new HttpStatusError(status, { ...headers }, text));
  }

  private settle(): void {
    this.settled = true;
    if (this.connection.exchange === this) this.connection.exchange = null;
    this.stopListening?.();
  }
}

/** POSTs `body` as JSON; resolves with the response text (for streams: "" once every line was handed over). */
export function postJson(url: string, body: unknown, options: PostOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) return reject(signal.reason);
    let request: Buffer;
    let target: Target;
    try {
      target = targetOf(url);
      const headers = headerLines(options.headers);
      const json = JSON.stringify(body);
      const length = Buffer.byteLength(json);
      const auth = target.authorization && !headers.authorization ? `authorization: ${target.authorization}\r\n` : "";
      const head = `${target.requestLine}${headers.lines}${auth}content-length: ${length}\r\n\r\n`;
      request = Buffer.allocUnsafe(head.length + length);
      request.write(head, 0, "latin1");
      request.write(json, head.length, "utf8");
    } catch (error) {
      return reject(error);
    }
    const connection = takeIdle(target) ?? connectTo(target);
    new Exchange(connection, url, options, resolve, reject);
    if (requestStart.hasSubscribers) requestStart.publish({ url });
    connection.socket.write(request);
  });
}
