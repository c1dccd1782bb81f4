/** The scripted server's Ollama native protocol, driven by ollama-ai-provider-v2 and raw fetch. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { APICallError, generateText, streamText } from "ai";
import { createOllama } from "ollama-ai-provider-v2";
import { hashEmbedding, startTestLlmServer, type TestLlmServer, type TestLlmServerOptions } from "./llm-server.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

async function withServer(options: TestLlmServerOptions, run: (s: TestLlmServer) => Promise<void>) {
  const server = await startTestLlmServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

const post = (server: TestLlmServer, path: string, body: unknown) => fetch(`${server.ollamaHost}${path}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
const lines = async (res: Response) =>
  (await res.text())
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

test("the AI SDK Ollama provider: text, usage, finish reasons, streaming; sampling settings count only inside `options`", async () => {
  await withServer({ models: ["llama3.2"], reply: (r) => (r.prompt === "long" ? { text: "too long", finishReason: "length" } : `Ollama: ${r.prompt}`) }, async (server) => {
    const model = createOllama({ baseURL: `${server.ollamaHost}/api` })("llama3.2");
    const result = await generateText({ model, prompt: "Say hi", temperature: 0.9, maxRetries: 0, providerOptions: { ollama: { options: { temperature: 0.1, seed: 4, num_predict: 20 } } } });
    assert.equal(result.text, "Ollama: Say hi");
    assert.equal(result.finishReason, "stop");
    assert.deepEqual([result.usage.inputTokens, result.usage.outputTokens], [3, 4]);
    const stream = streamText({ model, prompt: "long", temperature: 0.7, maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of stream.textStream) pieces.push(piece);
    assert.deepEqual(pieces, ["too ", "long"]);
    assert.equal(await stream.finishReason, "length");
    const [first, second] = server.requests;
    assert.deepEqual([first!.temperature, first!.seed, first!.maxTokens, first!.stream], [0.1, 4, 20, false]);
    assert.equal((first!.body as { temperature: number }).temperature, 0.9); // sent top-level by the provider, ignored by Ollama
    assert.deepEqual([second!.temperature, second!.stream], [undefined, true]);
  });
});

test("/api/chat streams NDJSON by default and answers one JSON object with stream:false", async () => {
  await withServer({ reply: () => "Hello world" }, async (server) => {
    const res = await post(server, "/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "hi" }] });
    assert.equal(res.headers.get("content-type"), "application/x-ndjson");
    const stream = await lines(res);
    assert.deepEqual(
      stream.map((l) => [l.message.content, l.done]),
      [
        ["Hello ", false],
        ["world", false],
        ["", true],
      ],
    );
    const last = stream.at(-1)!;
    assert.equal(last.done_reason, "stop");
    assert.equal(last.model, "llama3.2");
    assert.ok(last.prompt_eval_count > 0 && last.eval_count === 2 && typeof last.total_duration === "number");
    const single = await post(server, "/api/chat", { model: "llama3.2", stream: false, messages: [{ role: "user", content: "hi" }] });
    assert.equal(single.headers.get("content-type"), "application/json; charset=utf-8");
    const body = (await single.json()) as Record<string, any>;
    assert.deepEqual([body.message, body.done, body.done_reason], [{ role: "assistant", content: "Hello world" }, true, "stop"]);
  });
});

test("/api/generate, /api/embed, /api/tags, /api/version, /api/show and GET /", async () => {
  await withServer({ models: ["llama3.2", "qwen2.5:7b"] }, async (server) => {
    const gen = await lines(await post(server, "/api/generate", { model: "llama3.2:latest", prompt: "Why?", system: "Be brief", options: { temperature: 0 } }));
    assert.equal(gen.map((l) => l.response).join(""), "echo: Why?");
    assert.ok(Array.isArray(gen.at(-1)!.context) && gen.at(-1)!.done === true);
    assert.deepEqual(server.requests[0]!.messages, [
      { role: "system", content: "Be brief" },
      { role: "user", content: "Why?" },
    ]);
    assert.equal(server.requests[0]!.temperature, 0);
    const embed = (await (await post(server, "/api/embed", { model: "llama3.2", input: ["a cat", "a dog"] })).json()) as Record<string, any>;
    assert.deepEqual(embed.embeddings, [hashEmbedding("a cat"), hashEmbedding("a dog")]);
    assert.equal(embed.model, "llama3.2");
    const tags = (await (await fetch(`${server.ollamaHost}/api/tags`)).json()) as { models: { name: string; model: string; modified_at: string }[] };
    assert.deepEqual(
      tags.models.map((m) => [m.name, m.model]),
      [
        ["llama3.2:latest", "llama3.2:latest"],
        ["qwen2.5:7b", "qwen2.5:7b"],
      ],
    );
    assert.ok(tags.models.every((m) => typeof m.modified_at === "string"));
    assert.match(((await (await fetch(`${server.ollamaHost}/api/version`)).json()) as { version: string }).version, /^\d+\.\d+\.\d+$/);
    const show = (await (await post(server, "/api/show", { model: "qwen2.5:7b" })).json()) as { capabilities: string[] };
    assert.ok(show.capabilities.includes("completion"));
    assert.equal(await (await fetch(server.ollamaHost)).text(), "Ollama is running");
  });
});

test("Ollama errors: unknown model 404 (with ':latest' equivalence), invalid JSON 400, missing model 400, scripted 500", async () => {
  await withServer({ models: ["llama3.2:latest"], reply: (r) => (r.prompt === "fail" ? { status: 500 } : "ok") }, async (server) => {
    assert.equal((await post(server, "/api/chat", { model: "llama3.2", stream: false, messages: [] })).status, 200);
    const missing = await post(server, "/api/chat", { model: "mistral", messages: [] });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: 'model "mistral" not found, try pulling it first' });
    const bad = await post(server, "/api/chat", "not json");
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: "invalid character 'n' looking for beginning of value" });
    assert.deepEqual(await (await post(server, "/api/embed", { input: "x" })).json(), { error: "model is required" });
    const error = await generateText({ model: createOllama({ baseURL: `${server.ollamaHost}/api` })("llama3.2"), prompt: "fail", maxRetries: 0 }).then(
      () => assert.fail("expected a failure"),
      (e: unknown) => e,
    );
    assert.ok(APICallError.isInstance(error));
    assert.equal(error.statusCode, 500);
    assert.equal(error.message, "Internal Server Error"); // the provider expects {error:{message}}; Ollama sends {error:"..."}
    assert.deepEqual(JSON.parse(error.responseBody!), { error: "llama runner process has terminated: exit status 2" });
  });
});

test("streamError ends an NDJSON stream with an {error} line", async () => {
  await withServer({ reply: () => ({ text: "a b", streamError: "out of memory" }) }, async (server) => {
    const stream = await lines(await post(server, "/api/chat", { model: "m", messages: [{ role: "user", content: "x" }] }));
    assert.deepEqual(
      stream.map((l) => l.message?.content ?? l.error),
      ["a ", "b", "out of memory"],
    );
  });
});
