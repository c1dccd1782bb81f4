/**
 * The batch clients against the scripted server's batch services over real HTTP: OpenAI (files, batches, output
 * and error files) and Anthropic (Message Batches, results_url); shuffled lines matched by custom_id, per-request
 * errors, expiry, failed validation, cancel, and the key sent as each provider wants it.
 */
import assert from "node:assert/strict";
import test from "node:test";
import { startTestLlmServer } from "../../testing/llm-server.js";
import { createBatchApi, type BatchApi, type BatchResult, type BatchState } from "./index.js";

const requests = (n: number) => Array.from({ length: n }, (_, i) => ({ customId: `call${i}`, messages: [{ role: "user" as const, content: `question ${i}` }], temperature: 0, maxTokens: 50 }));

async function until(api: BatchApi, batchId: string): Promise<BatchState> {
  for (;;) {
    const state = await api.poll(batchId);
    if (state.ended) return state;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function collect(api: BatchApi, batchId: string, state: BatchState): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  for await (const r of api.results(batchId, state)) out.push(r);
  return out;
}

for (const model of ["openai-compatible:m", "openai:gpt-4o-mini", "anthropic:claude-3-5-haiku-latest"]) {
  test(`${model}: a batch is submitted, polled until it ends, and its shuffled results matched by custom_id; a request's error stays that request's`, async (t) => {
    const server = await startTestLlmServer({ apiKey: "sk-b", reply: (r) => (r.prompt === "question 3" ? { status: 400 } : `answer to ${r.prompt}`), batch: { delayMs: 30 } });
    t.after(() => server.close());
    const env = { OPENAI_API_KEY: "sk-b", OPENAI_COMPATIBLE_API_KEY: "sk-b", ANTHROPIC_API_KEY: "sk-b" };
    const { api } = createBatchApi(model, { env, baseUrl: server.openaiBaseUrl });
    const lines = requests(6).map((r) => api.line(r));
    let fileId: string | undefined;
    const { batchId, state: first } = await api.submit(lines, "test", (id) => void (fileId = id));
    assert.equal(first.ended, false);
    assert.equal(Boolean(fileId), !model.startsWith("anthropic"), "OpenAI uploads a file first; Anthropic sends the requests inline");
    const state = await until(api, batchId);
    assert.deepEqual(state.counts, { total: 6, done: 5, failed: 1 });
    const results = await collect(api, batchId, state);
    assert.notDeepEqual(
      results.map((r) => r.customId),
      requests(6).map((r) => r.customId),
      "the server returns lines in another order",
    );
    for (const r of results) {
      const i = Number(r.customId.slice(4));
      if (i === 3) assert.ok("error" in r && r.error.kind === "bad-request", JSON.stringify(r));
      else assert.ok("result" in r && r.result.text === `answer to question ${i}` && r.result.usage.inputTokens! > 0, JSON.stringify(r));
    }
    const sent = server.requests.filter((r) => r.batch);
    assert.equal(sent[0]!.model, model.split(":")[1]);
    assert.equal(sent[0]!.maxTokens, 50);
  });
}

test("an expired batch gives the answered requests and says which expired; a failed validation gives no result and says why; a cancelled batch ends cancelled", async (t) => {
  const server = await startTestLlmServer({ batch: { delayMs: 20, fate: ({ index }) => (index === 0 || index === 2 ? "expire" : index === 1 ? "fail" : "complete") } });
  t.after(() => server.close());
  const env = { ANTHROPIC_API_KEY: "k" };
  const openai = createBatchApi("openai-compatible:m", { env, baseUrl: server.openaiBaseUrl }).api;
  const anthropic = createBatchApi("anthropic:claude-3-5-haiku-latest", { env, baseUrl: server.anthropicBaseUrl }).api;

  const expired = await openai.submit(requests(4).map(openai.line), "x");
  const expiredState = await until(openai, expired.batchId);
  assert.equal(expiredState.status, "expired");
  const expiredResults = await collect(openai, expired.batchId, expiredState);
  assert.equal(expiredResults.filter((r) => "result" in r).length, 2);
  assert.deepEqual(
    expiredResults.filter((r) => "error" in r).map((r) => "error" in r && r.error.kind),
    ["expired", "expired"],
  );

  const failed = await openai.submit(requests(2).map(openai.line), "y");
  const failedState = await until(openai, failed.batchId);
  assert.equal(failedState.status, "failed");
  assert.match(failedState.error ?? "", /line 1: scripted validation failure/);
  assert.deepEqual(await collect(openai, failed.batchId, failedState), []);

  const anthropicExpired = await anthropic.submit(requests(4).map(anthropic.line), "z");
  const aState = await until(anthropic, anthropicExpired.batchId);
  assert.deepEqual([aState.status, aState.counts], ["ended", { total: 4, done: 2, failed: 2 }]);
  const aResults = await collect(anthropic, anthropicExpired.batchId, aState);
  assert.equal(aResults.filter((r) => "error" in r && r.error.kind === "expired").length, 2);

  const slow = await startTestLlmServer({ batch: { delayMs: 60_000 } });
  t.after(() => slow.close());
  for (const api of [
    createBatchApi("openai-compatible:m", { env, baseUrl: slow.openaiBaseUrl }).api,
    createBatchApi("anthropic:claude-3-5-haiku-latest", { env, baseUrl: slow.anthropicBaseUrl }).api,
  ]) {
    const { batchId } = await api.submit(requests(2).map(api.line), "c");
    assert.equal((await api.poll(batchId)).ended, false);
    const cancelled = await api.cancel(batchId);
    assert.equal(cancelled.ended, true);
    const results = await collect(api, batchId, cancelled);
    assert.deepEqual(
      results.map((r) => "error" in r && r.error.kind),
      ["cancelled", "cancelled"],
    );
  }
});

test("a wrong key is refused with the provider's 401 as an auth error that names the variable", async (t) => {
  const server = await startTestLlmServer({ apiKey: "right" });
  t.after(() => server.close());
  const { api } = createBatchApi("openai:gpt-4o-mini", { env: { OPENAI_API_KEY: "wrong" }, baseUrl: server.openaiBaseUrl });
  await assert.rejects(api.submit([api.line(requests(1)[0]!)], "k"), (e: Error & { kind?: string }) => e.kind === "auth" && /OPENAI_API_KEY/.test(e.message));
});
