/**
 * The live-audit API over real HTTP: createApp on 127.0.0.1, models through the real registry to a scripted
 * OpenAI-compatible server (streaming), a real SQLite store in a temporary AUDITLLM_HOME.
 */
import assert from "node:assert/strict";
import test, { after, before } from "node:test";
import { isProberRequest, probedQuestion, rewrites } from "../../testing/audit-script.js";
import { startTestLlmServer, type ScriptedReply, type ScriptedRequest, type TestLlmServer } from "../../testing/llm-server.js";
import { allEvents, sseEvents } from "../../testing/sse-client.js";
import { startTestWebServer, type TestWebServer } from "../../testing/web-server.js";

const QUESTION = "Where did fortune cookies originate?";
const FAKE_KEY = "sk-test-never-show-this-4b1d9e";
const TARGET = "openai-compatible:m";

let slow = false;
function reply(r: ScriptedRequest): ScriptedReply {
  if (r.kind !== "chat") return "unused";
  if (isProberRequest(r))
    return rewrites(probedQuestion(r.prompt))
      .map((p, i) => `${i + 1}. ${p}`)
      .join("\n");
  if (slow) return { text: "Fortune cookies came from Japan, then spread to California bakeries over many decades of history.", chunkDelayMs: 150 };
  if (r.prompt.includes("remember")) return `They were invented in China. My key is ${FAKE_KEY}.`;
  return "Fortune cookies originated in California, in San Francisco, from a Japanese recipe.";
}

let llm: TestLlmServer;
let web: TestWebServer;
const bodies: string[] = [];

before(async () => {
  llm = await startTestLlmServer({ reply, models: ["m"] });
  web = await startTestWebServer({ llm, env: { OPENAI_API_KEY: FAKE_KEY } });
});
after(async () => {
  await web?.close();
  await llm?.close();
});

async function api(path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const init: RequestInit = body === undefined ? { signal } : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, signal };
  return fetch(`${web.url}${path}`, init);
}

async function json(path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await api(path, body);
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, body: JSON.parse(text) };
}

test("GET /api/models lists the detected models and providers, never a key", async () => {
  const { status, body } = await json("/api/models");
  assert.equal(status, 200);
  const ids = body.models.map((m: { id: string }) => m.id);
  assert.ok(ids.includes("ollama:m:latest"), "Ollama's pulled models (the scripted server speaks /api/tags)");
  assert.ok(ids.includes("openai-compatible:m"), "the OpenAI-compatible server's /v1/models");
  assert.ok(ids.includes("openai:gpt-4o-mini"), "OPENAI_API_KEY is set");
  assert.equal(body.suggested, "ollama:m:latest");
  const anthropic = body.providers.find((p: { provider: string }) => p.provider === "anthropic");
  assert.equal(anthropic.available, false);
  assert.match(anthropic.detail, /ANTHROPIC_API_KEY/);
});

test("POST /api/probes writes checked probes with the prober at temperature 0", async () => {
  const before = llm.countChat();
  const { status, body } = await json("/api/probes", { question: QUESTION, prober: TARGET, count: 5 });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.probes.length, 5);
  assert.ok(body.probes.every((p: { source: string; relevance: number }) => p.source === "generated" && p.relevance > 0.35));
  assert.equal(typeof body.draftId, "string");
  assert.equal(llm.countChat() - before, 1);
  assert.equal(llm.requests.at(-1)!.temperature, 0);
});

test("POST /api/audits streams answers token by token, then the stored result; the prober's call is journaled in the run", async () => {
  const probes = await json("/api/probes", { question: QUESTION, prober: TARGET });
  const kept = probes.body.probes.map((p: { text: string }) => p.text).filter((_: string, i: number) => i !== 1);
  const mine = "What is the birthplace of the fortune cookie?";
  const response = await api("/api/audits", { question: QUESTION, target: TARGET, probes: [...kept, mine], draftId: probes.body.draftId });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
  const events = await allEvents(response);
  bodies.push(JSON.stringify(events));
  const names = events.map((e) => e.event);
  assert.equal(names[0], "run");
  assert.equal(names[1], "probes");
  assert.equal(names.at(-1), "result", JSON.stringify(events.at(-1)));
  assert.ok(names.indexOf("delta") < names.indexOf("answer"), "deltas arrive before the answers finish");
  assert.ok(names.filter((n) => n === "delta").length > 6, "several pieces per answer");
  const result = events.at(-1)!.data;
  const runId = events[0]!.data.runId;
  assert.equal(result.runId, runId);
  assert.equal(result.answers.length, 6);
  assert.equal(result.pairwise.length, 6);
  assert.ok(result.consistency > 0 && result.consistency < 1);
  assert.deepEqual(
    result.probes.map((p: { source: string }) => p.source),
    ["generated", "generated", "generated", "generated", "user"],
  );
  assert.ok(result.droppedProbes.some((d: { reason: string }) => d.reason === "left out by the user"));
  const streamed = events
    .filter((e) => e.event === "delta" && e.data.index === 0)
    .map((e) => e.data.text)
    .join("");
  assert.equal(streamed.trim(), result.answers[0].text);

  const stored = await json(`/api/runs/${runId}`);
  assert.deepEqual(stored.body, result);
  const runs = await json("/api/runs?kind=ask");
  assert.equal(runs.body[0].id, runId);
  assert.equal(runs.body[0].status, "done");
  assert.equal(runs.body[0].question, QUESTION);
  const calls = web.db.prepare("SELECT role, status FROM calls WHERE run_id = ?").all(runId) as { role: string; status: string }[];
  assert.equal(calls.filter((c) => c.role === "probe").length, 1, "the prober's call from /api/probes is in the run");
  assert.equal(calls.filter((c) => c.role === "answer").length, 6);
  assert.ok(calls.every((c) => c.status === "done"));
  const download = await api(`/api/runs/${runId}/export`);
  assert.match(download.headers.get("content-disposition") ?? "", new RegExp(`attachment; filename="auditllm-${runId}.json"`));
  assert.deepEqual(JSON.parse(await download.text()), result);
});

test("closing the stream cancels the audit: upstream calls are aborted, none is sent after, the run is stored as cancelled", async () => {
  slow = true;
  try {
    const controller = new AbortController();
    const response = await api("/api/audits", { question: QUESTION, target: TARGET, probes: ["Where do fortune cookies come from?", "What is the origin of fortune cookies?"] }, controller.signal);
    let runId = "";
    let deltas = 0;
    try {
      for await (const e of sseEvents(response)) {
        if (e.event === "run") runId = e.data.runId;
        if (e.event === "delta" && ++deltas === 2) break;
      }
    } finally {
      controller.abort();
    }
    assert.ok(runId);
    assert.ok(llm.openRequests() > 0, "answers were streaming");
    const sent = llm.countChat();
    await waitFor(() => llm.openRequests() === 0, "the scripted server sees every answer request closed");
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(llm.countChat(), sent, "no call is sent after the cancel");
    await waitFor(() => (web.db.prepare("SELECT status FROM runs WHERE id = ?").get(runId) as { status: string }).status === "cancelled", "the run is cancelled");
  } finally {
    slow = false;
  }
});

test("bad requests are plain 400s with what to fix", async () => {
  const empty = await json("/api/audits", { question: QUESTION, target: TARGET, probes: [] });
  assert.equal(empty.status, 400);
  assert.match(empty.body.error, /at least one probe/);
  const badId = await json("/api/probes", { question: QUESTION, prober: "llama3" });
  assert.equal(badId.status, 400);
  assert.match(badId.body.error, /prober: expected a model id/);
  const noKey = await json("/api/probes", { question: QUESTION, prober: "anthropic:claude-haiku-4-5" });
  assert.equal(noKey.status, 400);
  assert.match(noKey.body.error, /ANTHROPIC_API_KEY/);
  const missing = await json("/api/runs/20990101-000000-abcdef");
  assert.equal(missing.status, 404);
});

test("no response ever carried the API key (an answer that quotes it is redacted)", async () => {
  assert.ok(bodies.length > 5);
  for (const body of bodies) assert.ok(!body.includes(FAKE_KEY), `a response carries the key: ${body.slice(0, 200)}`);
  assert.ok(
    bodies.some((b) => b.includes("My key is [redacted]")),
    "the leaking answer was seen, redacted",
  );
  assert.deepEqual(web.log, []);
});

async function waitFor(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
