/**
 * The embedded llama.cpp provider against a real tiny GGUF model (written by src/testing/gguf.ts)
 * and the real node-llama-cpp native library: generation, streaming, usage, seeds, concurrency,
 * abort, close, and the errors for missing, foreign and truncated files.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { tinyLlamaGguf, writeTinyLlamaGguf } from "../testing/gguf.js";
import { ProviderError } from "./errors.js";
import { createLlamaCppModel, isLlamaCppModelCached, type LlamaCppOptions } from "./llamacpp.js";
import { LLAMACPP_DEFAULT_PARALLEL, llamaCppParallel, llamaCppThreads } from "./llamacpp-runtime.js";
import type { GenerateRequest, LanguageModel } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-llamacpp-"));
const tiny = join(dir, "tiny.gguf");
const base: LlamaCppOptions = { cacheDir: join(dir, "cache"), gpu: false, threads: 1, contextSize: 8192, huggingFaceToken: null };
const spec = (model: string) => ({ id: `llamacpp:${model}`, provider: "llamacpp" as const, model });
const ask = (content: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [
    { role: "system", content: "Answer in one sentence." },
    { role: "user", content },
  ],
  temperature: 0.8,
  seed: 1,
  maxTokens: 12,
  ...extra,
});
const open: LanguageModel[] = [];
const model = (path = tiny, options: Partial<LlamaCppOptions> = {}) => {
  const m = createLlamaCppModel(spec(path), { ...base, ...options });
  open.push(m);
  return m;
};
const rejectsWith = async (promise: Promise<unknown>, kind: string, pattern: RegExp) => {
  const error = await promise.then(
    () => assert.fail("expected a ProviderError"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ProviderError, `not a ProviderError: ${error}`);
  assert.equal(error.kind, kind, error.message);
  assert.match(error.message, pattern);
};

before(() => writeTinyLlamaGguf(tiny, { seed: 7, contextLength: 8192 }));
after(async () => {
  for (const m of open) await m.close?.();
  rmSync(dir, { recursive: true, force: true });
});

test("generates from a local GGUF with usage and a length finish", async () => {
  const m = model();
  const result = await m.generate(ask("What is the capital of France?"));
  assert.ok(result.text.trim().length > 0);
  assert.equal(result.finishReason, "length");
  assert.equal(result.usage.outputTokens, 12);
  assert.deepEqual(result.warnings, []);
  const longer = await m.generate(ask("What is the capital of France, and which river runs through it?"));
  assert.ok(result.usage.inputTokens! > 10);
  assert.ok(longer.usage.inputTokens! > result.usage.inputTokens!, "input tokens follow the prompt length");
});

test("stream deltas concatenate to the returned text", async () => {
  const deltas: string[] = [];
  const result = await model().stream(ask("Name a city.", { maxTokens: 20 }), (d) => deltas.push(d));
  assert.ok(deltas.length > 1);
  assert.equal(deltas.join(""), result.text);
  assert.equal(result.usage.outputTokens, 20);
});

test("a seed repeats the text at temperature 0.8; other seeds and prompts change it", async () => {
  const m = model();
  const first = await m.generate(ask("Who wrote it?"));
  assert.equal((await m.generate(ask("Who wrote it?"))).text, first.text);
  assert.notEqual((await m.generate(ask("Who wrote it?", { seed: 2 }))).text, first.text);
  assert.notEqual((await m.generate(ask("Where is the river?"))).text, first.text);
});

test("concurrent calls all complete with the same texts as one by one", async () => {
  const prompts = ["one?", "two?", "three?"].map((q, i) => ask(q, { seed: i + 1 }));
  const serial = [];
  const m = model(tiny, { parallel: 1 });
  for (const p of prompts) serial.push((await m.generate(p)).text);
  const together = await Promise.all(prompts.map((p) => m.generate(p)));
  assert.deepEqual(
    together.map((r) => r.text),
    serial,
  );
  const parallel = model(tiny, { parallel: 2 });
  assert.deepEqual(
    (await Promise.all(prompts.map((p) => parallel.generate(p)))).map((r) => r.usage.outputTokens),
    [12, 12, 12],
  );
  const batched = model(); // several sequences by default, decoded in one batch
  assert.equal(batched.maxConcurrency, LLAMACPP_DEFAULT_PARALLEL);
  assert.deepEqual(
    (await Promise.all(prompts.map((p) => batched.generate(p)))).map((r) => r.text),
    serial,
    "batched decoding gives the texts of one by one",
  );
});

test("one sequence answers calls in turn; two sequences interleave them", async () => {
  const order = async (m: LanguageModel) => {
    const events: number[] = [];
    await Promise.all([0, 1].map((i) => m.stream(ask("Go on.", { maxTokens: 40, seed: i + 1 }), () => events.push(i))));
    return events;
  };
  const inTurn = await order(model(tiny, { parallel: 1 }));
  assert.ok(inTurn.indexOf(1) > inTurn.lastIndexOf(0), `expected 0…0 1…1, got ${inTurn.join("")}`);
  const together = await order(model(tiny, { parallel: 2 }));
  assert.ok(together.indexOf(1) < together.lastIndexOf(0), `expected interleaving, got ${together.join("")}`);
});

test("a prompt longer than the context is a clear bad-request, not an answer to a cut prompt", async () => {
  const small = model(tiny, { contextSize: 256, parallel: 1 });
  await rejectsWith(small.generate(ask("word ".repeat(400))), "bad-request", /The prompt is \d+ tokens long, and llamacpp:.* holds 256 tokens per call \(prompt and answer\): shorten it/);
  assert.equal((await small.generate(ask("Hi"))).usage.outputTokens, 12, "a short prompt still works");
});

test("parallel sequences and threads: option, then environment, then default", () => {
  assert.equal(llamaCppParallel(2, { AUDITLLM_LLAMACPP_PARALLEL: "6" }), 2);
  assert.equal(llamaCppParallel(undefined, { AUDITLLM_LLAMACPP_PARALLEL: "6" }), 6);
  assert.equal(llamaCppParallel(undefined, { AUDITLLM_LLAMACPP_PARALLEL: "zero" }), LLAMACPP_DEFAULT_PARALLEL);
  assert.equal(llamaCppParallel(0, {}), 1);
  assert.equal(llamaCppThreads(2, {}), 1, "one core is left free on 2 cores");
  assert.equal(llamaCppThreads(8, {}), 7);
  assert.equal(llamaCppThreads(1, {}), 1);
  assert.equal(llamaCppThreads(8, { AUDITLLM_LLAMACPP_THREADS: "3" }), 3);
});

test("a model that ends its turn finishes with stop", async () => {
  const path = join(dir, "stops.gguf");
  await writeTinyLlamaGguf(path, { seed: 7, eosBias: 4 });
  const result = await model(path).generate(ask("Hi", { maxTokens: 300 }));
  assert.equal(result.finishReason, "stop");
  assert.ok(result.usage.outputTokens! < 300);
});

test("abort stops a long generation promptly, as cancelled or timeout", async () => {
  const m = model();
  await m.generate(ask("warm up", { maxTokens: 1 }));
  const controller = new AbortController();
  const deltas: string[] = [];
  let abortedAt = 0;
  const call = m.stream(ask("Tell me everything.", { maxTokens: 8000, signal: controller.signal }), (d) => {
    deltas.push(d);
    if (deltas.length === 5) setTimeout(() => ((abortedAt = Date.now()), controller.abort()), 20);
  });
  await rejectsWith(call, "cancelled", /cancelled/);
  assert.ok(Date.now() - abortedAt < 1000, `took ${Date.now() - abortedAt} ms after abort`);
  const seen = deltas.length;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(deltas.length, seen, "no text after the rejection");
  assert.ok(seen < 4000, `generated ${seen} pieces before stopping`);

  const started = Date.now();
  await rejectsWith(m.generate(ask("Tell me more.", { maxTokens: 8000, signal: AbortSignal.timeout(200) })), "timeout", /no answer within the time limit/);
  assert.ok(Date.now() - started < 1500);
  await rejectsWith(m.generate(ask("x", { signal: AbortSignal.abort() })), "cancelled", /cancelled/);
  assert.equal((await m.generate(ask("still fine?"))).usage.outputTokens, 12, "the model works after aborts");
});

test("close releases the model and a later call loads it again", async () => {
  const m = model();
  const before = await m.generate(ask("Again?"));
  await m.close!();
  await m.close!();
  assert.equal((await m.generate(ask("Again?"))).text, before.text);
});

test("a missing file is model-not-found with its path", async () => {
  const missing = join(dir, "nope.gguf");
  await rejectsWith(model(missing).generate(ask("Hi")), "model-not-found", new RegExp(`No model file at ${missing}`));
  assert.equal(await isLlamaCppModelCached(missing, base.cacheDir), false);
  assert.equal(await isLlamaCppModelCached(tiny, base.cacheDir), true);
});

test("a file that is not GGUF, or a truncated GGUF, fails with a clear message", async () => {
  const garbage = join(dir, "garbage.gguf");
  writeFileSync(garbage, "<html>this is a web page, not a model</html>");
  await rejectsWith(model(garbage).generate(ask("Hi")), "bad-request", /is not a GGUF model file/);
  const truncated = join(dir, "truncated.gguf");
  const bytes = tinyLlamaGguf({ seed: 7 });
  writeFileSync(truncated, bytes.subarray(0, bytes.length - 4096));
  await rejectsWith(model(truncated).generate(ask("Hi")), "bad-request", /could not load .*not within the file bounds.*corrupt/);
});

test("without node-llama-cpp the error says how to install it", async () => {
  const absent = "node-llama-cpp-that-is-not-installed";
  const m = model(tiny, { importer: () => import(absent) });
  await rejectsWith(m.generate(ask("Hi")), "unavailable", /npm i -E node-llama-cpp@3\.21\.1/);
});
