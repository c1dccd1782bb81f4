/**
 * The HTTP client against real servers on 127.0.0.1: node:http servers (what most test servers and many
 * model servers are), raw TCP servers that write exact bytes (what node:http will not send), and an HTTPS
 * server with a self-signed certificate made for these tests only (__fixtures__/localhost-*.pem:
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=localhost
 * -addext subjectAltName=DNS:localhost,IP:127.0.0.1`).
 */
import assert from "node:assert/strict";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer, type Socket } from "node:net";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { HTTP_CHANNELS } from "./http-channels.js";
import { HttpStatusError, postJson } from "./http-client.js";

const servers: { close(): unknown }[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A node:http server on a free port; counts the connections it accepted. */
async function httpServer(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void, options: { keepAliveTimeout?: number } = {}) {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => handle(req, res, body));
  });
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
  const stats = { connections: 0 };
  server.on("connection", () => stats.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat?x=1`, stats, server };
}

/** A TCP server that answers each request (read up to the end of its head and body) with `reply(n)` for the n-th request on the server. */
async function tcpServer(reply: (n: number, socket: Socket) => void) {
  const stats = { connections: 0, requests: 0, heads: [] as string[] };
  const open = new Set<Socket>();
  const server = createTcpServer((socket) => {
    stats.connections++;
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    let buf = "";
    socket.on("error", () => {});
    socket.on("data", (d) => {
      buf += d.toString("latin1");
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        stats.heads.push(buf.slice(0, end));
        buf = buf.slice(end + 4 + length);
        reply(stats.requests++, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      for (const socket of open) socket.destroy();
      server.close();
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, stats };
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
};

describe("the HTTP client", () => {
  it("sends the JSON body with its headers and keeps one connection alive for calls in turn", async () => {
    const seen: { url?: string; headers: IncomingMessage["headers"]; body: string }[] = [];
    const { url, stats } = await httpServer((req, res, body) => {
      seen.push({ url: req.url, headers: req.headers, body });
      json(res, 200, { echo: JSON.parse(body).n, text: "é ✓" });
    });
    const headers = { Authorization: "Bearer k", "x-extra": "1" };
    for (let n = 0; n < 20; n++) assert.equal(await postJson(url, { n, text: "naïve" }, { headers }), JSON.stringify({ echo: n, text: "é ✓" }));
    assert.equal(stats.connections, 1, "calls in turn share one connection");
    assert.equal(seen[0]!.url, "/v1/chat?x=1");
    assert.equal(seen[0]!.headers.authorization, "Bearer k");
    assert.equal(seen[0]!.headers["x-extra"], "1");
    assert.equal(seen[0]!.headers["content-type"], "application/json");
    assert.equal(seen[0]!.headers["content-length"], String(Buffer.byteLength(seen[0]!.body)));
    assert.deepEqual(JSON.parse(seen[19]!.body), { n: 19, text: "naïve" });
  });

  it("publishes a diagnostics_channel event when a request is written and when its response has been read", async () => {
    const { url } = await httpServer((_req, res) => json(res, 201, {}));
    const events: string[] = [];
    const start = (m: unknown) => events.push(`start ${(m as { url: string }).url === url}`);
    const finish = (m: unknown) => events.push(`finish ${(m as { status: number }).status}`);
    subscribe(HTTP_CHANNELS.requestStart, start);
    subscribe(HTTP_CHANNELS.responseFinish, finish);
    try {
      await postJson(url, {}, { headers: {} });
    } finally {
      unsubscribe(HTTP_CHANNELS.requestStart, start);
      unsubscribe(HTTP_CHANNELS.responseFinish, finish);
    }
    assert.deepEqual(events, ["start true", "finish 201"]);
  });

  it("opens no more connections than calls in flight, and reuses them", async () => {
    const { url, stats } = await httpServer((_req, res) => setTimeout(() => json(res, 200, { ok: true }), 5));
    for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 8 }, () => postJson(url, {}, { headers: {} })));
    assert.equal(stats.connections, 8);
  });

  it("sends Basic credentials from the URL unless an Authorization header is given", async () => {
    const { url, stats } = await tcpServer((_n, socket) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
    const withUser = url.replace("http://", "http://us%40er:p%3Ass@");
    await postJson(withUser, {}, { headers: {} });
    await postJson(withUser, {}, { headers: { Authorization: "Bearer mine" } });
    const auth = stats.heads.map((head) => head.split("\r\n").filter((line) => /^authorization:/i.test(line)));
    assert.deepEqual(auth, [[`authorization: Basic ${Buffer.from("us@er:p:ss").toString("base64")}`], ["Authorization: Bearer mine"]]);
    assert.match(stats.heads[0]!, /^POST \/v1 HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\n/);
  });

  it("keeps a connection no longer than the server's Keep-Alive timeout allows", async () => {
    const server = (seconds: number) => tcpServer((_n, socket) => socket.write(`HTTP/1.1 200 OK\r\nKeep-Alive: timeout=${seconds}\r\nContent-Length: 2\r\n\r\n{}`));
    const short = await server(1);
    const long = await server(5);
    for (let i = 0; i < 3; i++) await Promise.all([postJson(short.url, {}, { headers: {} }), postJson(long.url, {}, { headers: {} })]);
    assert.equal(short.stats.connections, 3, "timeout=1 leaves no safe time to reuse it");
    assert.equal(long.stats.connections, 1);
  });

  it("refuses a header that would break the request (a line break in an API key) before sending anything", async () => {
    const { url, stats } = await httpServer((_req, res) => json(res, 200, {}));
    await assert.rejects(postJson(url, {}, { headers: { authorization: "Bearer k\r\nx-injected: 1" } }), /cannot carry/);
    await assert.rejects(postJson(url, {}, { headers: { "bad name": "v" } }), /invalid HTTP header name/);
    await assert.rejects(postJson("ftp://127.0.0.1/", {}, { headers: {} }), /only http: and https:/);
    assert.equal(stats.connections, 0);
  });

  it("gives a non-2xx answer as an HttpStatusError with its status, headers and body", async () => {
    const { url } = await httpServer((_req, res) => json(res, 429, { error: { message: "slow down" } }, { "retry-after": "7" }));
    const error = await postJson(url, {}, { headers: {} }).catch((e: unknown) => e);
    assert.ok(error instanceof HttpStatusError);
    assert.equal(error.statusCode, 429);
    assert.equal(error.responseHeaders["retry-after"], "7");
    assert.deepEqual(JSON.parse(error.responseBody), { error: { message: "slow down" } });
    // The connection is still good for the next call.
    await assert.rejects(postJson(url, {}, { headers: {} }), HttpStatusError);
  });

  it("hands over a streamed body line by line as it arrives, across chunks cut inside lines and characters", async () => {
    const bytes = Buffer.from('data: {"t":"ça"}\r\n\r\ndata: {"t":"€"}\ndata: [DONE]');
    const { url } = await httpServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" }); // no length: node sends it chunked
      let at = 0;
      const next = () => {
        if (at >= bytes.length) return res.end();
        res.write(bytes.subarray(at, at + 3)); // "€" is 3 bytes: cut inside it too
        at += 3;
        setImmediate(next);
      };
      next();
    });
    const lines: string[] = [];
    assert.equal(await postJson(url, {}, { headers: {}, onLine: (line) => lines.push(line) }), "");
    assert.deepEqual(lines, ['data: {"t":"ça"}', "", 'data: {"t":"€"}', "data: [DONE]"]);
  });

  it("fails a stream whose line handler throws, and closes that connection", async () => {
    const { url, stats } = await httpServer((_req, res) => {
      res.writeHead(200);
      res.write("one\n");
      setTimeout(() => res.end("two\n"), 20);
    });
    await assert.rejects(
      postJson(
        url,
        {},
        {
          headers: {},
          onLine: () => {
            throw new Error("bad line");
          },
        },
      ),
      /bad line/,
    );
    await postJson(url, {}, { headers: {} });
    assert.equal(stats.connections, 2, "the failed stream's connection was not reused");
  });

  it("ends a call on its signal, closing its connection", async () => {
    let closed = 0;
    const { url } = await httpServer((req) => req.socket.on("close", () => closed++)); // never answers
    const controller = new AbortController();
    const call = postJson(url, {}, { headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("cancelled by test")), 30);
    await assert.rejects(call, /cancelled by test/);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(closed, 1);
    await assert.rejects(postJson(url, {}, { headers: {}, signal: controller.signal }), /cancelled by test/, "an aborted signal sends nothing");
  });

  it("fails with ECONNRESET when the server closes mid-answer, and with the socket's code when it cannot connect", async () => {
    const { url } = await tcpServer((_n, socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial'));
    await assert.rejects(postJson(url, {}, { headers: {} }), (e: NodeJS.ErrnoException) => e.code === "ECONNRESET" && /mid-answer/.test(e.message));
    const closed = await tcpServer(() => {});
    const port = new URL(closed.url).port;
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 20));
    await assert.rejects(postJson(`http://127.0.0.1:${port}/`, {}, { headers: {} }), (e: NodeJS.ErrnoException) => e.code === "ECONNREFUSED");
  });

  it("fails a response it cannot frame, and does not retry a fresh connection that closed unanswered", async () => {
    const garbage = await tcpServer((_n, socket) => socket.end("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
    await assert.rejects(postJson(garbage.url, {}, { headers: {} }), /not an HTTP\/1.x status line/);
    const silent = await tcpServer((_n, socket) => socket.end());
    await assert.rejects(postJson(silent.url, {}, { headers: {} }), (e: NodeJS.ErrnoException) => e.code === "ECONNRESET");
    assert.equal(silent.stats.connections, 1);
  });

  it("never sends a call twice: a kept-alive connection the server closed as the call went out fails it with ECONNRESET, and the next call takes a new one", async () => {
    // The second request on the first connection meets a server that has just closed it (the race of an idle
    // connection timing out as a call is sent): the server may have taken it, so it is not sent again here;
    // the executor decides whether to try again.
    let first: Socket | undefined;
    const { url, stats } = await tcpServer((n, socket) => {
      first ??= socket;
      if (n === 1 && socket === first) socket.destroy();
      else socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${String(n).length}\r\n\r\n${n}`);
    });
    assert.equal(await postJson(url, {}, { headers: {} }), "0");
    await assert.rejects(postJson(url, {}, { headers: {} }), (e: NodeJS.ErrnoException) => e.code === "ECONNRESET");
    assert.equal(await postJson(url, {}, { headers: {} }), "2");
    assert.equal(await postJson(url, {}, { headers: {} }), "3", "the new connection is kept");
    assert.deepEqual([stats.requests, stats.connections], [4, 2]);

    // A server that closes idle connections shortly after answering: the closed one leaves the pool, unused.
    const brief = await tcpServer((n, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n${n}`);
      setTimeout(() => socket.end(), 10);
    });
    assert.equal(await postJson(brief.url, {}, { headers: {} }), "0");
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(await postJson(brief.url, {}, { headers: {} }), "1");
    assert.deepEqual([brief.stats.requests, brief.stats.connections], [2, 2]);

    const closing = await tcpServer((n, socket) => socket.write(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n${n}`));
    for (let i = 0; i < 3; i++) await postJson(closing.url, {}, { headers: {} });
    assert.equal(closing.stats.connections, 3, "Connection: close is honoured");
  });

  it("stops handing over lines once a line's handler ends the call, and does not reuse that connection", async () => {
    const { url, stats } = await tcpServer((n, socket) =>
      socket.write(n === 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\ndata: 1\ndata: 2\ndata: 3\n" : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
    );
    const controller = new AbortController();
    const lines: string[] = [];
    const call = postJson(
      url,
      {},
      {
        headers: {},
        signal: controller.signal,
        onLine: (line) => {
          lines.push(line);
          controller.abort(new Error("enough"));
        },
      },
    );
    await assert.rejects(call, /enough/);
    assert.deepEqual(lines, ["data: 1"]);
    assert.equal(await postJson(url, {}, { headers: {} }), "ok");
    assert.deepEqual([stats.requests, stats.connections], [2, 2]);
  });

  it("reads a body that runs until the connection closes, and an interim 100 Continue", async () => {
    const { url } = await tcpServer((_n, socket) => socket.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n{"whole":true}'));
    assert.equal(await postJson(url, {}, { headers: {} }), '{"whole":true}');
  });

  it("speaks HTTPS with node's certificate checks: refuses an unknown certificate, and trusts one given in NODE_EXTRA_CA_CERTS", async () => {
    const dir = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "src", "providers", "__fixtures__");
    const cert = readFileSync(join(dir, "localhost-cert.pem"));
    const server = createHttpsServer({ cert, key: readFileSync(join(dir, "localhost-key.pem")) }, (req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => json(res, 200, { secure: true, got: JSON.parse(body) }, { connection: "close" }));
    });
    const resumed: boolean[] = [];
    server.on("secureConnection", (socket) => resumed.push(socket.isSessionReused()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    await assert.rejects(postJson(`https://localhost:${port}/v1`, {}, { headers: {} }), (e: NodeJS.ErrnoException) => /SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code ?? ""));
    // A process of its own, as NODE_EXTRA_CA_CERTS is read at start-up.
    const client = fileURLToPath(new URL("./http-client.js", import.meta.url));
    const script = `import { postJson } from ${JSON.stringify(client)}; for (const host of ["localhost", "localhost", "127.0.0.1"]) console.log(await postJson("https://" + host + ":${port}/v1", { n: 1 }, { headers: {} }));`;
    // (execFile, not spawnSync: the server answers from this process's event loop.)
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--input-type=module", "-e", script],
        { encoding: "utf8", timeout: 8_000, env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, "localhost-cert.pem") } },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    assert.deepEqual(
      stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
      [
        { secure: true, got: { n: 1 } },
        { secure: true, got: { n: 1 } },
        { secure: true, got: { n: 1 } },
      ],
    );
    // Each answer closes its connection: the second one to localhost resumes the first one's TLS session.
    assert.deepEqual(resumed, [false, true, false]);
  });

  it("exits with an idle kept-alive connection still open (idle sockets do not hold the process)", async () => {
    const { url } = await httpServer((_req, res) => json(res, 200, { ok: 1 }), { keepAliveTimeout: 60_000 });
    const client = fileURLToPath(new URL("./http-client.js", import.meta.url));
    const script = `import { postJson } from ${JSON.stringify(client)}; console.log(await postJson(${JSON.stringify(url)}, {}, { headers: {} }));`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 8_000 }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      ),
    );
    assert.equal(stdout.trim(), '{"ok":1}');
  });
});
