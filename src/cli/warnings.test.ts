/**
 * No warning noise: `ask -n 3` and a 64-way batch whose results outrun the output file printed Node's
 * "MaxListenersExceededWarning … 11 abort listeners added to [AbortSignal]" (every waiting and running call
 * listened to the run's signal) and "… drain listeners added to [WriteStream]" (every finishing question
 * waited for the results file on its own). The built CLI against the scripted server; stderr is read whole.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";

test("ask -n 3 and a batch at --concurrency 64 print no MaxListenersExceededWarning (nor any other Node warning) on stderr", async (t) => {
  // Long answers, so results.jsonl fills its buffer and finished questions wait for it to drain.
  const script = auditScript({ latencyMs: 5, answer: (prompt) => `${prompt} ${"The answer is seven, as every source agrees. ".repeat(60)}` });
  const server = await startTestLlmServer({ reply: script.reply });
  t.after(() => server.close());
  const env = cliEnv({ NODE_OPTIONS: "--trace-warnings" });
  const ask = await runCli(["ask", "Where did fortune cookies originate?", "-t", "openai-compatible:m", "--base-url", server.openaiBaseUrl, "-n", "3"], { env });
  assert.equal(ask.code, 0, ask.stderr);
  assert.doesNotMatch(ask.stderr, /Warning/, "ask -n 3");

  const input = join(mkdtempSync(join(tmpdir(), "auditllm-warnings-")), "questions.txt");
  writeFileSync(input, Array.from({ length: 60 }, (_, i) => `What is fact number ${i + 1} about owls?`).join("\n"));
  const batch = await runCli(["batch", input, "-t", "openai-compatible:m", "--base-url", server.openaiBaseUrl, "-c", "64", "--out", join(env.AUDITLLM_HOME!, "out")], { env });
  assert.equal(batch.code, 0, batch.stderr);
  assert.ok(script.stats.served >= 60 * 6, `the batch made its calls (${script.stats.served})`);
  assert.doesNotMatch(batch.stderr, /Warning/, "batch -c 64");
});
