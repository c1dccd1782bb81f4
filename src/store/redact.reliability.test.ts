/**
 * Redaction at the store, end to end: a provider that echoes the API key in its error bodies and a model that
 * quotes it in an answer, through the built CLI, a real SQLite store and the real report writers. Pass
 * condition: the canary key's bytes are in no file under the run's output folder and nowhere in the database
 * files (WAL included), nor on stderr.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript, isProberRequest } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { REDACTED, redact, redactDeep, redactor, secretsOf } from "./redact.js";

const CANARY = "sk-canary-7f3a9b2c4d5e6f708192a3b4c5d6e7f8";

function writeQuestions(questions: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "auditllm-redact-")), "questions.txt");
  writeFileSync(path, `${questions.join("\n")}\n`);
  return path;
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, out);
    else out.push(path);
  }
  return out;
}

test("the echoed canary key is in no file of the run's output folder, not in the database files, not on stderr", async (t) => {
  const script = auditScript();
  const server = await startTestLlmServer({
    reply: (r) => {
      if (r.kind !== "chat" || isProberRequest(r)) return script.reply(r);
      const auth = r.headers.authorization ?? "";
      if (r.prompt.includes("first")) return { status: 401, body: { error: { message: `Incorrect API key provided: ${auth}. You can find your API key at https://example.invalid.` } } };
      if (r.prompt.includes("second")) return { status: 400, body: `{"error":"bad request from key ${auth.replace("Bearer ", "")}"}` };
      return `My configuration says the key is ${auth.replace("Bearer ", "")} and the answer is Paris.`;
    },
  });
  t.after(() => server.close());
  const env = cliEnv({ OPENAI_COMPATIBLE_API_KEY: CANARY });
  const home = env.AUDITLLM_HOME!;
  const out = join(home, "out");
  const input = writeQuestions(["What is the first city of France?", "What is the second city of France?", "What is the capital city of France?"]);
  const result = await runCli(["batch", input, "-t", "openai-compatible:echo", "--base-url", server.openaiBaseUrl, "--out", out, "-k", "2", "--retries", "0"], { env });
  assert.ok(
    server.requests.some((r) => r.headers.authorization === `Bearer ${CANARY}`),
    "the key was sent to the provider",
  );
  const files = [...filesUnder(out), ...filesUnder(home).filter((f) => f.includes("auditllm.db"))];
  assert.ok(files.some((f) => f.endsWith("results.jsonl")) && files.some((f) => f.endsWith("auditllm.db")), files.join(", "));
  const canary = Buffer.from(CANARY);
  const leaking = files.filter((f) => readFileSync(f).includes(canary));
  assert.deepEqual(leaking, [], "files holding the canary");
  assert.ok(!result.stderr.includes(CANARY) && !result.stdout.includes(CANARY), result.stderr);
  const jsonl = readFileSync(join(out, "results.jsonl"), "utf8");
  assert.match(jsonl, /Incorrect API key provided: Bearer \[redacted\]/, "the error is kept, its key removed");
  assert.match(jsonl, /the key is \[redacted\] and the answer is Paris/);
});

test("results.jsonl as the run goes holds no echoed key either: a run killed half-way leaves none in it", async (t) => {
  const script = auditScript();
  let answered = 0;
  const server = await startTestLlmServer({
    reply: (r) => {
      if (r.kind !== "chat" || isProberRequest(r)) return script.reply(r);
      const auth = r.headers.authorization ?? "";
      // The first questions' answers come at once; the rest never do, so the run is killed while it waits.
      return answered++ < 12 ? `My configuration says the key is ${auth.replace("Bearer ", "")} and the answer is Paris.` : { text: "never", delayMs: 600_000 };
    },
  });
  t.after(() => server.close());
  const env = cliEnv({ OPENAI_COMPATIBLE_API_KEY: CANARY });
  const out = join(env.AUDITLLM_HOME!, "out");
  const input = writeQuestions(Array.from({ length: 12 }, (_, i) => `What is the capital city of country number ${i + 1}?`));
  const jsonl = join(out, "results.jsonl");
  let lines = "";
  const result = await runCli(["batch", input, "-t", "openai-compatible:echo", "--base-url", server.openaiBaseUrl, "--out", out, "-k", "2", "-c", "4"], {
    env,
    onSpawn: (child) => {
      // Killed once the first finished questions are in the file (it is written every quarter of a second).
      const poll = setInterval(() => {
        lines = existsSync(jsonl) ? readFileSync(jsonl, "utf8") : "";
        if (lines.trim()) {
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 50);
      child.on("exit", () => clearInterval(poll));
    },
  });
  assert.equal(result.signal ?? result.code, "SIGKILL", "killed half-way, before the end's rewrite from the store");
  assert.match(lines, /the key is \[redacted\] and the answer is Paris/, "finished questions were in the file");
  assert.ok(!readFileSync(jsonl).includes(Buffer.from(CANARY)), "the live file holds the key");
});

test("redact removes environment secrets, Bearer tokens and sk-/sk-ant- shaped keys, and nothing else", () => {
  const env = { MY_API_KEY: "s3cr3t-value-123", HOME: "/home/someone-long" };
  assert.equal(redact("key s3cr3t-value-123 at /home/someone-long", env), `key ${REDACTED} at /home/someone-long`);
  assert.equal(redact("Authorization: Bearer abc.DEF-123_xyz", {}), `Authorization: Bearer ${REDACTED}`);
  assert.equal(redact("use sk-proj-ABCDEFGHIJKLMNOPQRSTUV or sk-ant-api03-abcdefghijklmnopqrstuvwxyz now", {}), `use ${REDACTED} or ${REDACTED} now`);
  assert.equal(redact("sk-learn and a task-specific Bearer of news", {}), "sk-learn and a task-specific Bearer of news");
  // A plain word after "Bearer" is an answer's text, not a token: "Bearer instruments are payable to whoever holds them."
  assert.equal(redact("Bearer instruments are payable to whoever holds them.", {}), "Bearer instruments are payable to whoever holds them.");
  assert.equal(redact("Bearer abcdefghijklmnopqrstuvwxyz", {}), `Bearer ${REDACTED}`);
  const json = JSON.stringify({ error: `bad key Bearer ${CANARY}`, text: CANARY });
  assert.deepEqual(JSON.parse(redactor(secretsOf({ OPENAI_API_KEY: CANARY }))(json)), { error: `bad key Bearer ${REDACTED}`, text: REDACTED });
  // What is shown rather than stored: every string of a result, numbers (NaN included) as they are.
  const shown = redactDeep({ texts: [CANARY, 1, Number.NaN], nested: { error: `bad key ${CANARY}` }, none: undefined }, { OPENAI_API_KEY: CANARY });
  assert.deepEqual(shown, { texts: [REDACTED, 1, Number.NaN], nested: { error: `bad key ${REDACTED}` }, none: undefined });
});
