/**
 * The non-negotiables, end to end: keys never reach a server they do not belong to, never land in the
 * store or on screen; server and LLM text cannot drive the terminal; cancelling is cancelling.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import test from "node:test";
import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer, type ScriptedRequest } from "../testing/llm-server.js";

const isProber = (r: ScriptedRequest) => r.prompt.includes("Original question:");
const PROBES = "1. What is the origin of fortune cookies?\n2. Where do fortune cookies come from?";
const OPENAI_KEY = "sk-openai-secret-91c2";

test("--base-url never carries an OpenAI key to the target's server (prober and embedding metric alike)", async (t) => {
  const target = await startTestLlmServer({ reply: (r) => (isProber(r) ? PROBES : "Fortune cookies come from California.") });
  const openai = await startTestLlmServer({ reply: (r) => (isProber(r) ? PROBES : "unused"), apiKey: OPENAI_KEY });
  t.after(() => Promise.all([target.close(), openai.close()]));
  const env = cliEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${openai.url}/v1` });
  const args = [
    "ask",
    "Where did fortune cookies originate?",
    "-t",
    "openai-compatible:m",
    "-p",
    "openai:gpt-4o-mini",
    "--base-url",
    `${target.url}/v1`,
    "-m",
    "embedding:openai:text-embedding-3-small",
    "--json",
  ];
  const { code, stderr } = await runCli(args, { env });
  assert.equal(code, 0, stderr);
  assert.ok(target.requests.length > 0 && openai.requests.length > 0);
  assert.ok(
    target.requests.every((r) => !JSON.stringify(r.headers).includes(OPENAI_KEY)),
    "the target's server never saw the OpenAI key",
  );
  assert.ok(
    openai.requests.some((r) => r.kind === "chat" && isProber(r)),
    "the openai: prober went to OpenAI",
  );
  assert.ok(
    openai.requests.some((r) => r.kind === "embeddings"),
    "the openai: embedder went to OpenAI",
  );
});

test("credentials inside a URL are refused before anything is sent or stored", async (t) => {
  const server = await startTestLlmServer();
  t.after(() => server.close());
  const env = cliEnv();
  const url = server.url.replace("http://", "http://user:hunter2@");
  const { code, stderr } = await runCli(["ask", "Why?", "-t", "openai-compatible:m", "--base-url", `${url}/v1`], { env });
  assert.equal(code, 2);
  assert.match(stderr, /contains a user name or password/);
  assert.doesNotMatch(stderr, /hunter2/);
  assert.equal(server.requests.length, 0);
  const invalid = await runCli(["ask", "Why?", "-t", "openai-compatible:m", "--base-url", "http://[oops/v1"], { env });
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /not a valid URL/);
});

test("text from servers and LLMs cannot send control sequences to the terminal's stderr", async (t) => {
  const evil = "boom \x1b[2J\x1b[31mRED\x1b]0;PWNED\x07 end";
  const server = await startTestLlmServer({ reply: () => ({ status: 400, body: { error: { message: evil, type: "invalid_request_error" } } }) });
  t.after(() => server.close());
  const { code, stderr } = await runCli(["ask", "Why?", "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--retries", "0"], { env: cliEnv() });
  assert.equal(code, 1);
  assert.match(stderr, /boom .*RED.* end/);
  assert.doesNotMatch(stderr, /[\x1b\x07]/);
});

test("Ctrl+C after some answers came back still cancels: exit 130, run cancelled, no report", async (t) => {
  let child: ChildProcess | undefined;
  let answered = 0;
  const server = await startTestLlmServer({
    reply: (r) => {
      if (isProber(r)) return PROBES;
      if (++answered === 1) return "Fortune cookies come from California.";
      setTimeout(() => child?.kill("SIGINT"), 150);
      return { hang: true };
    },
  });
  t.after(() => server.close());
  const env = cliEnv();
  const args = ["ask", "Where did fortune cookies originate?", "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--json"];
  const result = await runCli(args, { env, onSpawn: (c) => (child = c) });
  assert.equal(result.code, 130, result.stderr);
  assert.equal(result.stdout, "");
  const db = new Database(join(env.AUDITLLM_HOME!, "auditllm.db"), { readonly: true });
  assert.deepEqual(db.prepare("SELECT status FROM runs").all(), [{ status: "cancelled" }]);
  assert.ok((db.prepare("SELECT count(*) AS n FROM calls WHERE status = 'done'").get() as { n: number }).n >= 2, "the finished calls are kept");
  const { id } = db.prepare("SELECT id FROM runs").get() as { id: string };
  db.close();
  // The cancelled run is listed with its question, and `show` says why it has no report, once.
  const listed = await runCli(["runs"], { env });
  assert.match(listed.stdout, new RegExp(`^${id}  ask    cancelled     –  openai-compatible:m  Where did fortune cookies originate\\?\n$`));
  const shown = await runCli(["show", id], { env });
  assert.equal(shown.code, 1);
  assert.match(shown.stderr, new RegExp(`Run ${id} has no results \\(cancelled\\)\\.`));
});

test("SIGTERM cancels like Ctrl+C", async (t) => {
  let child: ChildProcess | undefined;
  const server = await startTestLlmServer({
    reply: () => {
      setTimeout(() => child?.kill("SIGTERM"), 100);
      return { hang: true };
    },
  });
  t.after(() => server.close());
  const env = cliEnv();
  const result = await runCli(["ask", "Why?", "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`], { env, onSpawn: (c) => (child = c) });
  assert.equal(result.code, 130);
  const db = new Database(join(env.AUDITLLM_HOME!, "auditllm.db"), { readonly: true });
  assert.deepEqual(db.prepare("SELECT status FROM runs").all(), [{ status: "cancelled" }]);
  db.close();
});
