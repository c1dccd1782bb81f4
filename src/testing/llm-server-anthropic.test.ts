/** The scripted server's Anthropic protocol, driven by the real @ai-sdk/anthropic client and raw fetch. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { APICallError, generateText, streamText } from "ai";
import { createAnthropic } from "@ai-sdk/anthropic";
import { startTestLlmServer, type TestLlmServer, type TestLlmServerOptions } from "./llm-server.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

// A model id the provider knows: for unknown "claude-*" ids it drops temperature as unsupported.
const MODEL = "claude-haiku-4-5";

async function withServer(options: TestLlmServerOptions, run: (s: TestLlmServer) => Promise<void>) {
  const server = await startTestLlmServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

const anthropic = (server: TestLlmServer, apiKey = "key") => createAnthropic({ baseURL: server.anthropicBaseUrl, apiKey });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => assert.fail("expected a failure"),
    (e: unknown) => e,
  );

test("generateText and streamText: text, usage, stop reasons, system prompt normalized into messages", async () => {
  await withServer({ reply: (r) => (r.prompt === "long" ? { text: "cut here", finishReason: "length" } : `Sure: ${r.prompt}`) }, async (server) => {
    const model = anthropic(server)(MODEL);
    const result = await generateText({ model, system: "You are terse.", prompt: "Name a colour", temperature: 0.2, maxOutputTokens: 30, maxRetries: 0 });
    assert.equal(result.text, "Sure: Name a colour");
    assert.equal(result.finishReason, "stop");
    assert.equal(result.usage.inputTokens, 9);
    assert.equal(result.usage.outputTokens, 5);
    const stream = streamText({ model, prompt: "long", maxOutputTokens: 5, maxRetries: 0 });
    let text = "";
    for await (const piece of stream.textStream) text += piece;
    assert.equal(text, "cut here");
    assert.equal(await stream.finishReason, "length");
    assert.equal((await stream.usage).outputTokens, 2);
    const [first, second] = server.requests;
    assert.deepEqual(first!.messages, [
      { role: "system", content: "You are terse." },
      { role: "user", content: "Name a colour" },
    ]);
    assert.deepEqual([first!.model, first!.temperature, first!.maxTokens, first!.stream], [MODEL, 0.2, 30, false]);
    assert.equal(first!.headers["x-api-key"], "key");
    assert.equal(first!.headers["anthropic-version"], "2023-06-01");
    assert.deepEqual([second!.prompt, second!.stream], ["long", true]);
  });
});

test("SSE framing: the event sequence of a real Messages stream", async () => {
  await withServer({ reply: () => ({ text: "ignored", chunks: ["Hel", "lo"] }) }, async (server) => {
    const res = await fetch(`${server.anthropicBaseUrl}/messages`, {
      method: "POST",
      headers: { "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, max_tokens: 10, stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const events = (await res.text())
      .split("\n\n")
      .filter(Boolean)
      .map((block) => {
        const [eventLine, dataLine] = block.split("\n");
        const data = JSON.parse(dataLine!.replace(/^data: /, "")) as { type: string; delta?: { text?: string; stop_reason?: string } };
        assert.equal(eventLine, `event: ${data.type}`);
        return data;
      });
    assert.deepEqual(
      events.map((e) => e.type),
      ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
    );
    assert.deepEqual(
      events.filter((e) => e.type === "content_block_delta").map((e) => e.delta),
      [
        { type: "text_delta", text: "Hel" },
        { type: "text_delta", text: "lo" },
      ],
    );
    assert.equal(events[6]!.delta!.stop_reason, "end_turn");
  });
});

test("errors in Anthropic's shape: unknown model 404, bad key 401, 429 with retry-after, 529 overloaded", async () => {
  let reply: TestLlmServerOptions["reply"] = () => ({ status: 429, headers: { "retry-after": "2" } });
  await withServer({ models: [MODEL], apiKey: "key", reply: (r) => reply!(r) }, async (server) => {
    const missing = await failure(generateText({ model: anthropic(server)("claude-nope"), prompt: "x", maxRetries: 0 }));
    assert.ok(APICallError.isInstance(missing));
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.data, { type: "error", error: { type: "not_found_error", message: "model: claude-nope" } });
    const badKey = await failure(generateText({ model: anthropic(server, "wrong")(MODEL), prompt: "x", maxRetries: 0 }));
    assert.ok(APICallError.isInstance(badKey));
    assert.equal(badKey.statusCode, 401);
    assert.equal((badKey.data as { error: { type: string } }).error.type, "authentication_error");
    const limited = await failure(generateText({ model: anthropic(server)(MODEL), prompt: "x", maxRetries: 0 }));
    assert.ok(APICallError.isInstance(limited));
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.isRetryable, true);
    assert.equal(limited.responseHeaders?.["retry-after"], "2");
    assert.equal((limited.data as { error: { type: string } }).error.type, "rate_limit_error");
    reply = () => ({ status: 529 });
    const overloaded = await failure(generateText({ model: anthropic(server)(MODEL), prompt: "x", maxRetries: 0 }));
    assert.ok(APICallError.isInstance(overloaded));
    assert.equal(overloaded.statusCode, 529);
    assert.equal(overloaded.isRetryable, true);
    assert.deepEqual(overloaded.data, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    assert.equal(server.countChat(), 4);
  });
});

test("requests a real server rejects: invalid JSON, missing max_tokens, missing anthropic-version, temperature > 1", async () => {
  await withServer({ models: [MODEL] }, async (server) => {
    const post = (body: string, headers: Record<string, string> = { "anthropic-version": "2023-06-01" }) =>
      fetch(`${server.anthropicBaseUrl}/messages`, { method: "POST", headers, body }).then(async (r) => [r.status, ((await r.json()) as { error: { message: string } }).error.message]);
    assert.deepEqual((await post("{oops"))[0], 400);
    assert.deepEqual(await post(JSON.stringify({ model: MODEL, messages: [] })), [400, "max_tokens: Field required"]);
    assert.deepEqual(await post(JSON.stringify({ model: MODEL, max_tokens: 5, messages: [] }), {}), [400, "anthropic-version: header is required"]);
    assert.deepEqual(await post(JSON.stringify({ model: MODEL, max_tokens: 5, temperature: 1.5, messages: [] })), [400, "temperature: range: 0..1"]);
    const models = await fetch(`${server.anthropicBaseUrl}/models`, { headers: { "anthropic-version": "2023-06-01" } });
    assert.deepEqual(
      ((await models.json()) as { data: { type: string; id: string }[] }).data.map((m) => [m.type, m.id]),
      [["model", MODEL]],
    );
  });
});

test("streamError ends the stream with an `event: error` after the text", async () => {
  await withServer({ reply: () => ({ text: "half", streamError: "Overloaded" }) }, async (server) => {
    const errors: unknown[] = [];
    const stream = streamText({ model: anthropic(server)(MODEL), prompt: "x", maxRetries: 0, onError: ({ error }) => void errors.push(error) });
    let text = "";
    for await (const piece of stream.textStream) text += piece;
    assert.equal(text, "half");
    assert.equal(await stream.finishReason, "error");
    assert.deepEqual(errors, [{ type: "overloaded_error", message: "Overloaded" }]);
  });
});
