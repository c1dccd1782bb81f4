/**
 * The real provider clients (AI SDK adapters) against a local server that speaks each protocol:
 * answers, streaming, parameters on the wire, and every error path a user meets.
 */
import assert from "node:assert/strict";
import test from "node:test";
import { closedPort } from "../testing/net.js";
import { startTestLlmServer, type ScriptedReply, type ScriptedRequest } from "../testing/llm-server.js";
import { ProviderError } from "./errors.js";
import { createEmbedder, createLanguageModel } from "./registry.js";
import type { GenerateRequest } from "./types.js";

const KEY = "sk-test-key";
const cacheDir = "/nonexistent-cache";

function script(fn: (req: ScriptedRequest) => ScriptedReply) {
  return startTestLlmServer({ reply: fn, apiKey: KEY });
}

/** Model ids and settings that point each provider at the test server. */
function providers(url: string) {
  return [
    { id: "openai-compatible:m1", settings: { env: { OPENAI_COMPATIBLE_API_KEY: KEY }, baseUrl: `${url}/v1` } },
    { id: "openai:gpt-4o-mini", settings: { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${url}/v1` } } },
    { id: "anthropic:claude-haiku-4-5", settings: { env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: `${url}/v1` } } },
    { id: "ollama:llama3.2", settings: { env: { OLLAMA_HOST: url } } },
  ];
}

const ask = (content: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({ messages: [{ role: "user", content }], temperature: 0.5, maxTokens: 64, ...extra });

test("every provider answers, streams, and sends the prompt, temperature and token limit", async (t) => {
  const server = await script((req) => ({ text: `Paris is the capital of France. (${req.prompt})`, chunks: ["Paris ", "is the capital ", "of France. ", `(${req.prompt})`] }));
  t.after(() => server.close());
  for (const { id, settings } of providers(server.url)) {
    const model = createLanguageModel(id, { ...settings, cacheDir });
    const result = await model.generate(
      ask("capital?", {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "capital?" },
        ],
      }),
    );
    assert.equal(result.text, "Paris is the capital of France. (capital?)", id);
    assert.equal(result.finishReason, "stop", id);
    assert.ok((result.usage.outputTokens ?? 0) > 0, `${id} reports usage`);
    const sent = server.requests.at(-1)!;
    assert.equal(sent.temperature, 0.5, `${id} sends the temperature where the server reads it`);
    assert.equal(sent.maxTokens, 64, id);
    assert.deepEqual(
      sent.messages.map((m) => m.role),
      ["system", "user"],
      id,
    );

    const deltas: string[] = [];
    const streamed = await model.stream(ask("again?"), (d) => deltas.push(d));
    assert.equal(streamed.text, "Paris is the capital of France. (again?)", id);
    assert.equal(deltas.join(""), streamed.text, id);
    assert.ok(deltas.length >= 3, `${id} streams in pieces`);
    assert.equal(server.requests.at(-1)!.stream, true, id);
  }
});

test("a temperature of 0 reaches Ollama in its options (the prober relies on it)", async (t) => {
  const server = await script(() => "ok");
  t.after(() => server.close());
  const model = createLanguageModel("ollama:llama3.2", { env: { OLLAMA_HOST: server.ollamaHost }, cacheDir });
  await model.generate(ask("q", { temperature: 0, seed: 7 }));
  const body = server.requests.at(-1)!.body as { options?: Record<string, number> };
  assert.deepEqual(body.options, { temperature: 0, seed: 7, num_predict: 64 });
});

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected ProviderError, got ${error}`);
    return error;
  }
  assert.fail("expected the call to fail");
}

test("server down: unreachable, retryable, and the message names the address", async () => {
  const port = await closedPort();
  for (const { id, settings } of providers(`http://127.0.0.1:${port}`)) {
    const error = await failure(createLanguageModel(id, { ...settings, cacheDir }).generate(ask("q")));
    assert.equal(error.kind, "unreachable", id);
    assert.ok(error.isRetryable, id);
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`), id);
  }
});

test("HTTP errors map to kinds: 500 server, 429 rate-limited with Retry-After, 401 auth, unknown model", async (t) => {
  let reply: ScriptedReply = "ok";
  const server = await startTestLlmServer({ reply: () => reply, apiKey: KEY, models: ["m1", "gpt-4o-mini", "claude-haiku-4-5", "llama3.2"] });
  t.after(() => server.close());
  for (const { id, settings } of providers(server.url)) {
    const model = createLanguageModel(id, { ...settings, cacheDir });
    reply = { status: 500 };
    let e = await failure(model.generate(ask("q")));
    assert.deepEqual([e.kind, e.status, e.isRetryable], ["server", 500, true], id);
    reply = { status: 429, headers: { "retry-after": "7" } };
    e = await failure(model.generate(ask("q")));
    assert.deepEqual([e.kind, e.retryAfterMs, e.isRetryable], ["rate-limited", 7000, true], id);
    e = await failure(model.stream(ask("q"), () => {}));
    assert.equal(e.kind, "rate-limited", `${id} streaming`);
    reply = "ok";
    const unknown = createLanguageModel(id.replace(/:.*/, ":no-such-model"), { ...settings, cacheDir });
    e = await failure(unknown.generate(ask("q")));
    assert.equal(e.kind, "model-not-found", id);
    assert.equal(e.isRetryable, false, id);
    if (id.startsWith("ollama:")) assert.match(e.message, /ollama pull/);
  }
  const wrongKey = createLanguageModel("openai:gpt-4o-mini", { env: { OPENAI_API_KEY: "sk-wrong", OPENAI_BASE_URL: `${server.url}/v1` }, cacheDir });
  const e = await failure(wrongKey.generate(ask("q")));
  assert.equal(e.kind, "auth");
  assert.match(e.message, /OPENAI_API_KEY/);
  assert.doesNotMatch(e.message, /sk-wrong/, "the key itself is never echoed");
});

test("a missing key fails before any request is sent", async (t) => {
  const server = await script(() => "ok");
  t.after(() => server.close());
  assert.throws(
    () => createLanguageModel("openai:gpt-4o-mini", { env: { OPENAI_BASE_URL: `${server.url}/v1` }, cacheDir }),
    (e: ProviderError) => e.kind === "missing-key",
  );
  assert.throws(
    () => createLanguageModel("anthropic:claude-haiku-4-5", { env: {}, cacheDir }),
    (e: ProviderError) => e.kind === "missing-key",
  );
  assert.equal(server.requests.length, 0);
});

test("timeouts and cancels abort the request and say which happened", async (t) => {
  const server = await script(() => ({ hang: true }));
  t.after(() => server.close());
  const model = createLanguageModel("openai-compatible:m1", { env: { OPENAI_COMPATIBLE_API_KEY: KEY }, baseUrl: `${server.url}/v1`, cacheDir });
  const timeout = new AbortController();
  setTimeout(() => timeout.abort(new DOMException("slow", "TimeoutError")), 50);
  let e = await failure(model.generate(ask("q", { signal: timeout.signal })));
  assert.equal(e.kind, "timeout");
  assert.ok(e.isRetryable);
  const cancel = new AbortController();
  setTimeout(() => cancel.abort(), 50);
  e = await failure(model.stream(ask("q", { signal: cancel.signal }), () => {}));
  assert.equal(e.kind, "cancelled");
  assert.equal(e.isRetryable, false);
});

test("an empty or whitespace answer is an error, not a silent blank", async (t) => {
  const server = await script((req) => (req.prompt === "think" ? "<think>hmm</think>  " : req.prompt === "cut" ? "<think>Let me think about this, the answer is" : "   "));
  t.after(() => server.close());
  for (const { id, settings } of providers(server.url)) {
    const model = createLanguageModel(id, { ...settings, cacheDir });
    assert.equal((await failure(model.generate(ask("q")))).kind, "empty-answer", id);
    assert.equal((await failure(model.generate(ask("think")))).kind, "empty-answer", `${id}: reasoning only is empty`);
    assert.equal((await failure(model.generate(ask("cut")))).kind, "empty-answer", `${id}: reasoning cut off by the token limit is no answer`);
  }
});

test("embedders read /v1/embeddings and Ollama's /api/embed", async (t) => {
  const server = await script(() => "unused");
  t.after(() => server.close());
  const embedders = [
    createEmbedder("openai-compatible:embed", { env: { OPENAI_COMPATIBLE_API_KEY: KEY }, baseUrl: `${server.url}/v1` }),
    createEmbedder("ollama:nomic-embed-text", { env: { OLLAMA_HOST: server.url } }),
  ];
  for (const embedder of embedders) {
    const [a, b, c] = await embedder.embed(["the cat sat on the mat", "the cat sat on a mat", "stock prices fell sharply"]);
    assert.equal(a.length, 64, embedder.id);
    const cos = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i], 0) / Math.hypot(...x) / Math.hypot(...y);
    assert.ok(cos(a, b) > cos(a, c), embedder.id);
  }
  assert.throws(() => createEmbedder("anthropic:claude-haiku-4-5", { env: { ANTHROPIC_API_KEY: KEY } }), /no embedding models/);
});

test("an in-stream error after the 200 and a connection dropped mid-call fail as ProviderErrors that say so", async (t) => {
  let reply: ScriptedReply = { text: "half an answer", streamError: "overloaded mid-stream" };
  const server = await script(() => reply);
  t.after(() => server.close());
  for (const { id, settings } of providers(server.url).filter((p) => !p.id.startsWith("openai:"))) {
    const model = createLanguageModel(id, { ...settings, cacheDir });
    reply = { text: "half an answer", streamError: "overloaded mid-stream" };
    const deltas: string[] = [];
    let e = await failure(model.stream(ask("q"), (d) => deltas.push(d)));
    assert.match(e.message, /overloaded mid-stream/, id);
    assert.ok(deltas.join("").length > 0, `${id}: the text before the error was streamed`);
    reply = { destroy: true };
    e = await failure(model.generate(ask("q")));
    assert.equal(e.kind, "unreachable", `${id}: ${e.message}`);
    assert.ok(e.isRetryable, id);
  }
});
