/** What a user sees when something is wrong: one clear line on stderr and an exit code, never a stack trace. */
import assert from "node:assert/strict";
import test from "node:test";
import { closedPort } from "../testing/net.js";
import Database from "better-sqlite3";
import { join } from "node:path";
import { cliEnv, runCli } from "../testing/cli.js";
import { repoRoot } from "../testing/paths.js";
import { startTestLlmServer } from "../testing/llm-server.js";

const EXAMPLE = join(repoRoot(), "examples", "nq-open-30.jsonl");

const cases: { name: string; args: (port: number) => string[]; env?: Record<string, string>; code: number; message: RegExp }[] = [
  {
    name: "server down",
    args: (p) => ["ask", "Why?", "-t", "openai-compatible:m", "--base-url", `http://127.0.0.1:${p}/v1`, "--retries", "0"],
    code: 1,
    message: /Could not reach http:\/\/127\.0\.0\.1:\d+\/v1 .*ECONNREFUSED/,
  },
  { name: "unknown provider", args: () => ["ask", "Why?", "-t", "mistral:large"], code: 2, message: /Unknown provider "mistral".*ollama:<model>/ },
  { name: "missing key", args: () => ["ask", "Why?", "-t", "openai:gpt-4o-mini"], code: 1, message: /needs an API key: set OPENAI_API_KEY/ },
  { name: "no base URL", args: () => ["ask", "Why?", "-t", "openai-compatible:m"], code: 2, message: /--base-url/ },
  { name: "bad number", args: () => ["ask", "Why?", "--probes", "many"], code: 2, message: /--probes must be a whole number/ },
  { name: "empty question", args: () => ["ask", "  ", "-t", "ollama:x"], code: 2, message: /question is empty/ },
  { name: "missing input file", args: () => ["score", "nothing-here.jsonl"], code: 1, message: /No such file: nothing-here\.jsonl/ },
  { name: "unknown metric", args: () => ["score", EXAMPLE, "--metric", "bleu"], code: 2, message: /Unknown metric "bleu".*hybrid, glove, lexical.*embedding:<model-id>/ },
  {
    name: "bad limit variable",
    args: (p) => ["ask", "Why?", "-t", "openai-compatible:m", "--base-url", `http://127.0.0.1:${p}/v1`],
    env: { AUDITLLM_MAX_ANSWER_CHARS: "lots" },
    code: 2,
    message: /AUDITLLM_MAX_ANSWER_CHARS must be a positive number, got "lots"/,
  },
  { name: "unknown command", args: () => ["audit"], code: 2, message: /unknown command 'audit'/ },
  { name: "embedded model without consent", args: () => ["ask", "Why?", "-t", "llamacpp:hf:someone/some-GGUF:Q4_K_M"], code: 2, message: /not downloaded yet.*--yes/ },
];

for (const c of cases) {
  test(`clear error: ${c.name}`, async () => {
    const { code, stdout, stderr } = await runCli(c.args(await closedPort()), { env: cliEnv(c.env) });
    assert.equal(code, c.code, stderr);
    assert.match(stderr, c.message);
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
    assert.equal(stdout, "");
  });
}

test("an unknown model and a timeout fail the run with the reason, and the run is stored as failed", async (t) => {
  const server = await startTestLlmServer({ models: ["known"], reply: () => ({ hang: true }) });
  t.after(() => server.close());
  const env = cliEnv();
  const missing = await runCli(["ask", "Why?", "-t", "openai-compatible:unknown", "--base-url", `${server.url}/v1`], { env });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /openai-compatible:unknown: not found at http:\/\/127\.0\.0\.1:\d+\/v1 .*Check the model name/);
  const slow = await runCli(["ask", "Why?", "-t", "openai-compatible:known", "--base-url", `${server.url}/v1`, "--timeout", "1", "--retries", "0"], { env });
  assert.equal(slow.code, 1);
  assert.match(slow.stderr, /no answer within the time limit/);
  const db = new Database(join(env.AUDITLLM_HOME, "auditllm.db"), { readonly: true });
  const runs = db.prepare("SELECT status, error FROM runs ORDER BY created_at").all() as { status: string; error: string }[];
  db.close();
  assert.deepEqual(
    runs.map((r) => r.status),
    ["failed", "failed"],
  );
});

test("--help lists every command and the environment variables", async () => {
  const { code, stdout } = await runCli(["--help"], { env: cliEnv() });
  assert.equal(code, 0);
  for (const word of ["ask", "score", "runs", "show", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OLLAMA_HOST", "AUDITLLM_HOME"]) assert.ok(stdout.includes(word), word);
  const ask = await runCli(["ask", "--help"], { env: cliEnv() });
  for (const option of ["--target", "--prober", "--base-url", "--prober-base-url", "--probes", "--probe", "--samples", "--json", "--metric", "--yes"]) assert.ok(ask.stdout.includes(option), option);
});
