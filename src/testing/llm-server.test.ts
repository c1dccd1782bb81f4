/** The scripted LLM server's shared behaviour: recording, scripting, timing, hang/destroy, close. Protocols: llm-server-*.test.ts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cosine, hashEmbedding, splitPieces, startTestLlmServer, type ScriptedReply } from "./llm-server.js";

const chat = (base: string, body: Record<string, unknown>, init: RequestInit = {}) =>
  fetch(`${base}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...init });

test("default reply echoes the prompt, and requests are recorded in order with their settings", async () => {
  const server = await startTestLlmServer();
  try {
    const res = await chat(server.openaiBaseUrl, { model: "m", temperature: 0.5, seed: 3, max_tokens: 9, messages: [{ role: "user", content: "Why is the sky blue?" }] });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]!.message.content, "echo: Why is the sky blue?");
    await fetch(`${server.url}/api/tags`);
    assert.deepEqual(
      server.requests.map((r) => [r.protocol, r.kind, r.method, r.path, r.model]),
      [
        ["openai", "chat", "POST", "/v1/chat/completions", "m"],
        ["ollama", "models", "GET", "/api/tags", ""],
      ],
    );
    const [first] = server.requests;
    assert.equal(first!.prompt, "Why is the sky blue?");
    assert.deepEqual([first!.temperature, first!.seed, first!.maxTokens, first!.stream], [0.5, 3, 9, false]);
    assert.equal(first!.headers["content-type"], "application/json");
    assert.equal(server.countChat(), 1);
    assert.equal(
      server.countChat((r) => r.model === "other"),
      0,
    );
  } finally {
    await server.close();
  }
});

test("the script decides per request and may be async; a throwing script becomes a 500 in the protocol's shape", async () => {
  const server = await startTestLlmServer({
    reply: async (r): Promise<ScriptedReply> => {
      if (r.prompt === "boom") throw new Error("script broke");
      return `${r.model} says ${r.prompt.length}`;
    },
  });
  try {
    const ok = await chat(server.openaiBaseUrl, { model: "a", messages: [{ role: "user", content: "four" }] });
    assert.equal(((await ok.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, "a says 4");
    const bad = await chat(server.openaiBaseUrl, { model: "a", messages: [{ role: "user", content: "boom" }] });
    assert.equal(bad.status, 500);
    const body = (await bad.json()) as { error: { message: string; type: string } };
    assert.match(body.error.message, /script broke/);
    assert.equal(body.error.type, "server_error");
  } finally {
    await server.close();
  }
});

test("delayMs delays the answer and chunkDelayMs spaces the stream pieces", async () => {
  const server = await startTestLlmServer({ reply: () => ({ text: "unused", chunks: ["a", "b", "c"], delayMs: 60, chunkDelayMs: 40 }) });
  try {
    const started = Date.now();
    const res = await chat(server.openaiBaseUrl, { model: "m", stream: true, messages: [{ role: "user", content: "x" }] });
    const headersAt = Date.now() - started;
    assert.ok(headersAt >= 55, `headers after ${headersAt} ms`);
    const times: number[] = [];
    const decoder = new TextDecoder();
    let text = "";
    for await (const part of res.body!) {
      text += decoder.decode(part as Uint8Array, { stream: true });
      times.push(Date.now() - started);
    }
    assert.ok(times.at(-1)! - headersAt >= 110, `stream took ${times.at(-1)! - headersAt} ms`);
    const deltas = [...text.matchAll(/"content":"([abc])"/g)].map((m) => m[1]);
    assert.deepEqual(deltas, ["a", "b", "c"]);
  } finally {
    await server.close();
  }
});

test("hang keeps the request open until the client aborts; close() still finishes with a hanging request", async () => {
  const server = await startTestLlmServer({ reply: () => ({ hang: true }) });
  const aborted = chat(server.openaiBaseUrl, { model: "m", messages: [] }, { signal: AbortSignal.timeout(100) });
  await assert.rejects(aborted, { name: "TimeoutError" });
  const pending = chat(server.openaiBaseUrl, { model: "m", messages: [] });
  const failed = assert.rejects(pending, TypeError); // fetch fails once close() drops the connection
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await server.close();
  assert.ok(Date.now() - started < 1000);
  await failed;
  assert.equal(server.countChat(), 2);
  await server.close(); // idempotent
});

test("destroy drops the connection without a response", async () => {
  const server = await startTestLlmServer({ reply: () => ({ destroy: true }) });
  try {
    const error = await chat(server.openaiBaseUrl, { model: "m", messages: [] }).then(
      () => assert.fail("expected fetch to fail"),
      (e: unknown) => e as TypeError & { cause?: { code?: string } },
    );
    assert.equal(error.message, "fetch failed");
    assert.equal(error.cause?.code, "UND_ERR_SOCKET");
  } finally {
    await server.close();
  }
});

test("listens on 127.0.0.1 with the advertised base URLs", async () => {
  const server = await startTestLlmServer();
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.openaiBaseUrl, `${server.url}/v1`);
    assert.equal(server.anthropicBaseUrl, `${server.url}/v1`);
    assert.equal(server.ollamaHost, server.url);
  } finally {
    await server.close();
  }
});

test("stream pieces rebuild the text exactly; the hashing embedding ranks similar texts closer", () => {
  for (const text of ["Paris is the capital.", "  leading and trailing  ", "one", "a\n\nb"]) {
    assert.equal(splitPieces(text).join(""), text);
  }
  assert.deepEqual(splitPieces(""), []);
  assert.deepEqual(splitPieces("The capital is Paris"), ["The ", "capital ", "is ", "Paris"]);
  const a = hashEmbedding("The capital of France is Paris.");
  const b = hashEmbedding("Paris is the capital of France");
  const c = hashEmbedding("Bananas are rich in potassium");
  assert.equal(a.length, 64);
  assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-9);
  assert.ok(cosine(a, b) > 0.99);
  assert.ok(cosine(a, c) < 0.5, `unrelated similarity ${cosine(a, c)}`);
  assert.deepEqual(hashEmbedding("same text"), hashEmbedding("same text"));
});

test("inFlight counts the POST requests open at the server, so a script can play a concurrency cap", async () => {
  const seen: number[] = [];
  const server = await startTestLlmServer({ reply: (r) => (seen.push(r.inFlight), { text: "ok", delayMs: 60 }) });
  const call = () =>
    fetch(`${server.openaiBaseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    }).then((r) => r.text());
  await Promise.all([call(), call(), call()]);
  await call();
  await server.close();
  assert.deepEqual([...seen.slice(0, 3)].sort(), [1, 2, 3]);
  assert.equal(seen[3], 1);
});
