/** The scripted server's OpenAI protocol, driven by the real AI SDK clients (openai-compatible and openai.chat) and raw fetch. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { APICallError, embed, embedMany, generateText, streamText } from "ai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createOpenAI } from "@ai-sdk/openai";
import { hashEmbedding, startTestLlmServer, type TestLlmServerOptions } from "./llm-server.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

async function withServer(options: TestLlmServerOptions, run: (s: Awaited<ReturnType<typeof startTestLlmServer>>) => Promise<void>) {
  const server = await startTestLlmServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

const compat = (baseURL: string, apiKey?: string) => createOpenAICompatible({ name: "compat", baseURL, apiKey, includeUsage: true });

test("generateText and streamText through openai-compatible and openai.chat: text, usage, finish reason, recorded settings", async () => {
  await withServer({ reply: (r) => (r.prompt === "long" ? { text: "cut short", finishReason: "length" } : `Answer to ${r.prompt}`) }, async (server) => {
    const models = [compat(server.openaiBaseUrl)("gpt-test"), createOpenAI({ baseURL: server.openaiBaseUrl, apiKey: "k" }).chat("gpt-test")];
    for (const model of models) {
      const result = await generateText({ model, system: "Be brief.", prompt: "What is 2+2?", temperature: 0.5, maxOutputTokens: 40, seed: 1, maxRetries: 0 });
      assert.equal(result.text, "Answer to What is 2+2?");
      assert.equal(result.finishReason, "stop");
      assert.equal(result.usage.inputTokens, 11); // "Be brief." 3 + "What is 2+2?" 6 + 1 per message
      assert.equal(result.usage.outputTokens, 8); // Answer to What is 2 + 2 ?
      const stream = streamText({ model, prompt: "long", maxRetries: 0 });
      const pieces: string[] = [];
      for await (const piece of stream.textStream) pieces.push(piece);
      assert.deepEqual(pieces, ["cut ", "short"]);
      assert.equal(await stream.finishReason, "length");
      assert.equal((await stream.usage).outputTokens, 2);
    }
    const recorded = server.requests.filter((r) => !r.stream);
    assert.deepEqual(
      recorded.map((r) => [r.model, r.prompt, r.temperature, r.maxTokens, r.seed]),
      [
        ["gpt-test", "What is 2+2?", 0.5, 40, 1],
        ["gpt-test", "What is 2+2?", 0.5, 40, 1],
      ],
    );
    assert.deepEqual(recorded[0]!.messages, [
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is 2+2?" },
    ]);
    assert.equal(
      server.countChat((r) => r.stream),
      2,
    );
  });
});

test("SSE framing: role chunk, content deltas, finish chunk, usage chunk only when asked, then [DONE]", async () => {
  await withServer({ reply: () => "Hi there" }, async (server) => {
    const post = (extra: Record<string, unknown>) =>
      fetch(`${server.openaiBaseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }], stream: true, ...extra }) });
    const res = await post({ stream_options: { include_usage: true } });
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const events = (await res.text()).split("\n\n").filter(Boolean);
    assert.equal(events.at(-1), "data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, "")));
    assert.ok(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id));
    assert.deepEqual(chunks[0].choices[0].delta, { role: "assistant", content: "", refusal: null });
    assert.deepEqual(
      chunks.slice(1, 3).map((c) => c.choices[0].delta.content),
      ["Hi ", "there"],
    );
    assert.equal(chunks[3].choices[0].finish_reason, "stop");
    assert.deepEqual(chunks[4].choices, []);
    assert.equal(chunks[4].usage.completion_tokens, 2);
    const plain = (await (await post({})).text()).split("\n\n").filter(Boolean);
    assert.equal(plain.length, 5); // role, two deltas, finish, [DONE]: no usage chunk
    assert.ok(!plain.some((e) => e.includes("usage")));
  });
});

test("embed and embedMany get the hashing embeddings; scripts may return their own vectors", async () => {
  await withServer({}, async (server) => {
    const model = compat(server.openaiBaseUrl).embeddingModel("embed-test");
    const one = await embed({ model, value: "the cat sat", maxRetries: 0 });
    assert.deepEqual(one.embedding, hashEmbedding("the cat sat"));
    const many = await embedMany({ model, values: ["a b", "c d"], maxRetries: 0 });
    assert.deepEqual(many.embeddings, [hashEmbedding("a b"), hashEmbedding("c d")]);
    assert.equal(many.usage.tokens, 4);
    assert.deepEqual(
      server.requests.map((r) => [r.kind, r.model, r.input]),
      [
        ["embeddings", "embed-test", ["the cat sat"]],
        ["embeddings", "embed-test", ["a b", "c d"]],
      ],
    );
  });
  await withServer({ reply: (r) => ({ embeddings: (r.input ?? []).map((_, i) => [i, 1]) }) }, async (server) => {
    const res = await fetch(`${server.openaiBaseUrl}/embeddings`, { method: "POST", body: JSON.stringify({ model: "e", input: "single string" }) });
    const body = (await res.json()) as { object: string; data: { object: string; index: number; embedding: number[] }[] };
    assert.equal(body.object, "list");
    assert.deepEqual(body.data, [{ object: "embedding", index: 0, embedding: [0, 1] }]);
  });
});

test("GET /v1/models lists the known models; an unknown model is a 404 model_not_found APICallError", async () => {
  await withServer({ models: ["gpt-a", "gpt-b"] }, async (server) => {
    const list = (await (await fetch(`${server.openaiBaseUrl}/models`)).json()) as { object: string; data: { id: string; object: string }[] };
    assert.equal(list.object, "list");
    assert.deepEqual(
      list.data.map((m) => [m.id, m.object]),
      [
        ["gpt-a", "model"],
        ["gpt-b", "model"],
      ],
    );
    const error = await generateText({ model: compat(server.openaiBaseUrl)("gpt-z"), prompt: "x", maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(APICallError.isInstance(error));
    assert.equal(error.statusCode, 404);
    assert.equal(error.isRetryable, false);
    assert.equal(error.message, "The model `gpt-z` does not exist or you do not have access to it.");
    assert.equal((JSON.parse(error.responseBody!) as { error: { code: string } }).error.code, "model_not_found");
    assert.equal(server.countChat(), 1);
  });
});

test("apiKey: a missing or wrong Bearer token is a 401 in OpenAI's shape", async () => {
  await withServer({ apiKey: "sk-right" }, async (server) => {
    const ok = await generateText({ model: compat(server.openaiBaseUrl, "sk-right")("m"), prompt: "hi", maxRetries: 0 });
    assert.equal(ok.text, "echo: hi");
    const error = await generateText({ model: compat(server.openaiBaseUrl, "sk-wrong")("m"), prompt: "hi", maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(APICallError.isInstance(error));
    assert.equal(error.statusCode, 401);
    assert.match(error.message, /Incorrect API key/);
    const bare = await fetch(`${server.openaiBaseUrl}/models`);
    assert.equal(bare.status, 401);
    assert.equal(((await bare.json()) as { error: { type: string } }).error.type, "invalid_request_error");
  });
});

test("scripted 429 carries retry-after to the APICallError; 500 is retryable; invalid JSON is a 400", async () => {
  let reply: TestLlmServerOptions["reply"] = () => ({ status: 429, headers: { "retry-after": "7" } });
  await withServer({ reply: (r) => reply!(r) }, async (server) => {
    const model = compat(server.openaiBaseUrl)("m");
    const limited = await generateText({ model, prompt: "x", maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(APICallError.isInstance(limited));
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.isRetryable, true);
    assert.equal(limited.responseHeaders?.["retry-after"], "7");
    assert.equal((limited.data as { error: { code: string } }).error.code, "rate_limit_exceeded");
    reply = () => ({ status: 500 });
    const failed = await generateText({ model, prompt: "x", maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(APICallError.isInstance(failed));
    assert.equal(failed.statusCode, 500);
    assert.equal(failed.isRetryable, true);
    assert.match(failed.message, /server had an error/);
    const bad = await fetch(`${server.openaiBaseUrl}/chat/completions`, { method: "POST", body: "{nope" });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /could not parse the JSON body/);
    assert.equal(server.requests.at(-1)!.body, "{nope");
    const hot = await generateText({ model, prompt: "x", temperature: 2.5, maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(APICallError.isInstance(hot));
    assert.deepEqual([hot.statusCode, (hot.data as { error: { param: string } }).error.param], [400, "temperature"]);
  });
});

test("streamError ends an SSE stream with an in-stream error after the text", async () => {
  await withServer({ reply: () => ({ text: "partial answer", streamError: "overloaded mid-stream" }) }, async (server) => {
    const errors: unknown[] = [];
    const stream = streamText({ model: compat(server.openaiBaseUrl)("m"), prompt: "x", maxRetries: 0, onError: ({ error }) => void errors.push(error) });
    let text = "";
    for await (const piece of stream.textStream) text += piece;
    assert.equal(text, "partial answer");
    assert.equal(await stream.finishReason, "error");
    assert.equal((errors[0] as { message: string }).message, "overloaded mid-stream");
  });
});
