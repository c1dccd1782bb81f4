import assert from "node:assert/strict";
import test from "node:test";
import type { CallSpec } from "../core/types.js";
import { ProviderError } from "../providers/errors.js";
import type { LanguageModel } from "../providers/types.js";
import { createLanguageModel } from "../providers/registry.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { lastUser, mockModel } from "../testing/mock-model.js";
import { createExecutor } from "./executor.js";
import { callKey } from "./key.js";

const spec = (content: string, sampleIndex = 0): CallSpec => ({ role: "answer", model: "mock:m", messages: [{ role: "user", content }], temperature: 0.5, maxTokens: 50, sampleIndex });
const noSleep = async () => {};

test("the key changes with model, prompt, parameters and sample index, and only with them", () => {
  const base = spec("q");
  assert.equal(callKey(base), callKey(spec("q")));
  for (const other of [spec("q2"), spec("q", 1), { ...base, model: "mock:n" }, { ...base, temperature: 0.7 }, { ...base, maxTokens: 51 }, { ...base, seed: 1 }]) {
    assert.notEqual(callKey(other), callKey(base));
  }
  assert.equal(callKey({ ...base, role: "probe" }), callKey(base), "role is bookkeeping, not identity");
});

test("identical calls under way are made once; concurrency stays within the bound", async () => {
  let running = 0;
  let peak = 0;
  const model = mockModel("mock:m", async (r) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 20));
    running--;
    return `answer to ${lastUser(r)}`;
  });
  const executor = createExecutor({ model: () => model, concurrency: 3 });
  const specs = [...Array.from({ length: 10 }, (_, i) => spec(`q${i}`)), spec("q0"), spec("q1")];
  const results = await Promise.all(specs.map((s) => executor.complete(s)));
  assert.equal(model.requests.length, 10);
  assert.equal(results[10].text, "answer to q0");
  assert.equal(peak, 3);
  assert.equal(executor.stats().sent, 10);
});

test("rate limits are retried with their own budget, honouring Retry-After; permanent failures fail at once", async () => {
  const delays: number[] = [];
  let calls = 0;
  const flaky = mockModel("mock:m", () => (++calls <= 2 ? new ProviderError({ kind: "rate-limited", message: "429", retryAfterMs: 1234 }) : "ok"));
  const executor = createExecutor({ model: () => flaky, retry: { maxRetries: 0, maxRateLimitRetries: 3, baseDelayMs: 10, maxDelayMs: 5000 }, sleep: async (ms) => void delays.push(ms) });
  const result = await executor.complete(spec("q"));
  assert.equal(result.text, "ok");
  assert.equal(result.attempts, 3);
  assert.deepEqual(delays, [1234, 1234]);

  const denied = mockModel("mock:m", () => new ProviderError({ kind: "auth", message: "bad key" }));
  const e2 = createExecutor({ model: () => denied, sleep: noSleep });
  await assert.rejects(e2.complete(spec("q")), (e: ProviderError) => e.kind === "auth");
  assert.equal(denied.requests.length, 1);

  const down = mockModel("mock:m", () => new ProviderError({ kind: "server", message: "500" }));
  const e3 = createExecutor({ model: () => down, retry: { maxRetries: 2, maxRateLimitRetries: 0, baseDelayMs: 1, maxDelayMs: 1 }, sleep: noSleep });
  await assert.rejects(e3.complete(spec("q")), (e: ProviderError) => e.kind === "server");
  assert.equal(down.requests.length, 3);
  assert.deepEqual(e3.stats(), { sent: 3, fromJournal: 0, failed: 1, rateLimited: 0 });
});

/** A model that only ends when its signal aborts, like a provider that never answers. */
function hangingModel(): LanguageModel {
  const wait = (signal?: AbortSignal) =>
    new Promise<never>((_, reject) =>
      signal?.addEventListener("abort", () => reject(new ProviderError({ kind: signal.reason?.name === "TimeoutError" ? "timeout" : "cancelled", message: "aborted" }))),
    );
  return { id: "mock:hang", generate: (r) => wait(r.signal), stream: (r) => wait(r.signal) };
}

test("every call has a timeout, and cancelling stops running and queued calls", async () => {
  const timed = createExecutor({ model: hangingModel, timeoutMs: 50, retry: { maxRetries: 0, maxRateLimitRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
  const started = Date.now();
  await assert.rejects(timed.complete(spec("q")), (e: ProviderError) => e.kind === "timeout");
  assert.ok(Date.now() - started < 2000);

  const controller = new AbortController();
  const cancellable = createExecutor({ model: hangingModel, concurrency: 1, signal: controller.signal });
  const running = cancellable.complete(spec("a"));
  const queued = cancellable.complete(spec("b"));
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(running, (e: ProviderError) => e.kind === "cancelled");
  await assert.rejects(queued, (e: ProviderError) => e.kind === "cancelled");
  assert.equal(cancellable.stats().sent, 1, "the queued call was never sent");
});

test("streaming passes deltas through and restarts them on retry", async () => {
  let calls = 0;
  const model = mockModel("mock:m", () => (++calls === 1 ? new ProviderError({ kind: "server", message: "503" }) : "one two three"));
  const executor = createExecutor({ model: () => model, sleep: noSleep });
  let text = "";
  let restarts = 0;
  const result = await executor.complete(spec("q"), { onDelta: (d) => (text += d), onRestart: () => ((text = ""), restarts++) });
  assert.equal(text, result.text);
  assert.equal(restarts, 1);
});

test("a model that serves one call at a time gets one at a time, and its timeout starts with its turn", async () => {
  let running = 0;
  let peak = 0;
  const slow = mockModel("mock:embedded", async (r) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 40));
    running--;
    return lastUser(r);
  });
  const single = Object.assign(slow, { lane: "llamacpp:tiny", maxConcurrency: 1 });
  const executor = createExecutor({ model: () => single, concurrency: 4, timeoutMs: 100, retry: { maxRetries: 0, maxRateLimitRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
  const results = await Promise.all(["a", "b", "c", "d"].map((q) => executor.complete(spec(q))));
  assert.equal(peak, 1);
  assert.deepEqual(
    results.map((r) => r.text),
    ["a", "b", "c", "d"],
    "160 ms of work in all, yet no call timed out at 100 ms",
  );
});

test("embedding calls get the same timeout and retries", async () => {
  let calls = 0;
  const flaky = {
    id: "mock:embed",
    embed: async (texts: string[]) => {
      if (++calls === 1) throw new ProviderError({ kind: "server", status: 500, message: "500" });
      return texts.map(() => Float32Array.of(1, 0));
    },
  };
  const executor = createExecutor({ model: () => assert.fail(), sleep: noSleep });
  const vectors = await executor.embedder(flaky).embed(["x", "y"]);
  assert.equal(vectors.length, 2);
  assert.equal(calls, 2);
  const hanging = { id: "mock:hang", embed: (_: string[], signal?: AbortSignal) => new Promise<Float32Array[]>((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason))) };
  const timed = createExecutor({ model: () => assert.fail(), timeoutMs: 50, retry: { maxRetries: 0, maxRateLimitRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
  await assert.rejects(timed.embedder(hanging).embed(["x"]), /no answer|TimeoutError|time/);
});

test("a call's timeout and the run's cancel reach a request in flight on the real HTTP client", { timeout: 10_000 }, async (t) => {
  const server = await startTestLlmServer({ reply: () => ({ hang: true }) });
  t.after(() => server.close());
  const model = createLanguageModel("openai-compatible:m", { env: {}, baseUrl: server.openaiBaseUrl, cacheDir: "/nonexistent-cache" });
  const retry = { maxRetries: 0, maxRateLimitRetries: 0, baseDelayMs: 1, maxDelayMs: 1 };
  const started = Date.now();
  await assert.rejects(createExecutor({ model: () => model, timeoutMs: 80, retry }).complete(spec("slow")), (e: ProviderError) => e.kind === "timeout");
  const cancel = new AbortController();
  const cancellable = createExecutor({ model: () => model, timeoutMs: 60_000, signal: cancel.signal, retry });
  const call = cancellable.complete(spec("cancelled"));
  setTimeout(() => cancel.abort(), 80);
  await assert.rejects(call, (e: ProviderError) => e.kind === "cancelled");
  assert.ok(Date.now() - started < 5_000, "neither waited for the server");
  assert.equal(server.requests.length, 2);
});
