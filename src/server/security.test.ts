/**
 * The server's defences, mostly through createApp's fetch (no socket): security headers on every response,
 * the access token (header, cookie landing, constant-time checks), cross-site refusals, body limits; and the
 * Host check against DNS rebinding over a real socket.
 */
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import test, { after, before } from "node:test";
import { sameSecret, sessionValue } from "./security/token.js";
import { startTestWebServer, type TestWebServer } from "../testing/web-server.js";

const TOKEN = "t0k3n-for-tests-9a8b7c6d5e4f";
let open: TestWebServer;
let guarded: TestWebServer;

before(async () => {
  open = await startTestWebServer();
  guarded = await startTestWebServer({ deps: { token: TOKEN, loopbackOnly: false } });
});
after(async () => {
  await open?.close();
  await guarded?.close();
});

const call = (web: TestWebServer, path: string, init: RequestInit = {}) => web.server.app.fetch(new Request(`${web.url}${path}`, init));
const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }): RequestInit => ({ method: "POST", body, headers });

test("every response carries a strict CSP and the other security headers", async () => {
  const responses = [
    await call(open, "/"),
    await call(open, "/runs/whatever"),
    await call(open, "/api/session"),
    await call(open, "/api/nothing"),
    await call(open, "/api/probes", post("x".repeat(2 * 1024 * 1024))),
    await call(guarded, "/api/session"),
  ];
  for (const r of responses) {
    const csp = r.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/, `${r.url} ${r.status}`);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    assert.equal(r.headers.get("referrer-policy"), "no-referrer");
    assert.equal(r.headers.get("x-frame-options"), "DENY");
  }
  assert.deepEqual(
    responses.map((r) => r.status),
    [200, 200, 200, 404, 413, 401],
  );
});

test("the app is served for page paths; its index has no inline script", async () => {
  const page = await call(open, "/runs/20990101-000000-abcdef");
  const html = await page.text();
  assert.match(html, /<div id="app"><\/div>/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "every script has a src");
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  const js = await call(open, asset);
  assert.equal(js.status, 200);
  assert.match(js.headers.get("content-type") ?? "", /javascript/);
  assert.match(js.headers.get("cache-control") ?? "", /immutable/);
  assert.equal((await call(open, "/assets/missing.js")).status, 404);
});

test("a body over 1 MB is refused with 413 and a clear message", async () => {
  const r = await call(open, "/api/probes", post(JSON.stringify({ question: "x".repeat(1_100_000), prober: "openai-compatible:m" })));
  assert.equal(r.status, 413);
  assert.match(((await r.json()) as { error: string }).error, /larger than 1 MB/);
});

test("cross-site requests and non-JSON bodies are refused", async () => {
  const body = JSON.stringify({ question: "q", prober: "ollama:x" });
  const other = await call(open, "/api/probes", post(body, { "content-type": "application/json", origin: "http://evil.example" }));
  assert.equal(other.status, 403);
  const site = await call(open, "/api/runs", { headers: { "sec-fetch-site": "cross-site" } });
  assert.equal(site.status, 403);
  const text = await call(open, "/api/probes", post(body, { "content-type": "text/plain" }));
  assert.equal(text.status, 415);
  const same = await call(open, "/api/probes", post("{", { "content-type": "application/json", origin: open.url }));
  assert.equal(same.status, 400, "a same-origin request gets through to validation");
});

test("with a token, /api needs it: Bearer header or the cookie that /?token= sets", async () => {
  const none = await call(guarded, "/api/runs");
  assert.equal(none.status, 401);
  assert.match(((await none.json()) as { error: string }).error, /AUDITLLM_TOKEN/);
  assert.equal((await call(guarded, "/api/runs", { headers: { authorization: "Bearer wrong" } })).status, 401);
  assert.equal((await call(guarded, "/api/runs", { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
  assert.equal((await call(guarded, "/api/runs", { headers: { cookie: `auditllm_session=${TOKEN}` } })).status, 401, "the cookie holds an HMAC, not the token");

  const wrong = await call(guarded, "/?token=nope");
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get("set-cookie"), null);
  const landing = await call(guarded, "/runs?token=" + encodeURIComponent(TOKEN), { redirect: "manual" });
  assert.equal(landing.status, 303);
  assert.equal(landing.headers.get("location"), "/runs", "the token leaves the address bar");
  const cookie = landing.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^auditllm_session=[^;]+;/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.ok(!cookie.includes(TOKEN));
  const session = cookie.split(";")[0]!;
  assert.equal((await call(guarded, "/api/session", { headers: { cookie: session } })).status, 200);
  assert.equal((await call(guarded, "/")).status, 200, "the page itself is public: it holds no data");
});

test("token checks compare in constant time whatever the lengths", () => {
  assert.ok(sameSecret("abc", "abc"));
  assert.ok(!sameSecret("abc", "abcd"));
  assert.ok(!sameSecret("", "abc"));
  assert.notEqual(sessionValue("a"), sessionValue("b"));
});

test("on loopback, a request for another host name is refused (DNS rebinding)", async () => {
  const get = (host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(open.url);
      const req = httpRequest({ host: "127.0.0.1", port, path: "/api/session", headers: { host } }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  const port = new URL(open.url).port;
  const evil = await get(`evil.example:${port}`);
  assert.equal(evil.status, 403);
  assert.match(evil.body, /answers only at localhost/);
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) assert.equal((await get(host)).status, 200, host);
});
