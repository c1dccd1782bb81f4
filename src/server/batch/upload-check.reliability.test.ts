/**
 * Uploads against the real server: the check runs in a worker thread with a bounded heap. Pass conditions in
 * the test names: the server answers during a check; a check out of heap is a 400 naming the limit, the server
 * stays up; past AUDITLLM_MAX_UPLOADS stored uploads, 429.
 */
import assert from "node:assert/strict";
import test from "node:test";
import { startTestWebServer } from "../../testing/web-server.js";

async function upload(url: string, name: string, data: string | Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/uploads?name=${encodeURIComponent(name)}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: data });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function withEnv(vars: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(before)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  };
}

test("the server answers /api/session while a 40 MB upload is checked off its event loop (201 after)", async (t) => {
  const web = await startTestWebServer();
  t.after(() => web.close());
  const row = JSON.stringify({ question: "What is it?", blob: "x".repeat(900_000) });
  const pending = upload(web.url, "big.jsonl", `${row}\n`.repeat(45));
  const session = await fetch(`${web.url}/api/session`);
  assert.equal(session.status, 200, "the server answers while the check runs");
  const { status, body } = await pending;
  assert.equal(status, 201, JSON.stringify(body));
  assert.equal(body.questions, 45);
});

test("a check that runs out of its heap (AUDITLLM_UPLOAD_CHECK_MB=1) is a 400 naming the limit, and the server stays up", async (t) => {
  t.after(withEnv({ AUDITLLM_UPLOAD_CHECK_MB: "1" }));
  const web = await startTestWebServer();
  t.after(() => web.close());
  const { status, body } = await upload(web.url, "q.csv", "question\nWhat is the capital of France?\n");
  assert.equal(status, 400, JSON.stringify(body));
  assert.match(String(body.error), /q\.csv: checking it needed more than 1 MB of memory \(AUDITLLM_UPLOAD_CHECK_MB\)/);
  assert.equal((await fetch(`${web.url}/api/session`)).status, 200, "the server is still up");
});

test("past AUDITLLM_MAX_UPLOADS=2 stored uploads, a third gets 429 saying the limit", async (t) => {
  t.after(withEnv({ AUDITLLM_MAX_UPLOADS: "2" }));
  const web = await startTestWebServer();
  t.after(() => web.close());
  const csv = "question\nWhat is the capital of France?\n";
  assert.equal((await upload(web.url, "a.csv", csv)).status, 201);
  assert.equal((await upload(web.url, "b.csv", csv)).status, 201);
  const third = await upload(web.url, "c.csv", csv);
  assert.equal(third.status, 429, JSON.stringify(third.body));
  assert.match(String(third.body.error), /at most 2 uploads at once \(AUDITLLM_MAX_UPLOADS\)/);
});
