/** Tokens and cost of a live `ask` (stderr, after the report) and of a live batch run (summary and --json), from the providers' usage fields. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";

test("a live ask states its tokens and cost at the built-in price (gpt-4o-mini: $0.15 in, $0.60 out per million tokens)", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript().reply });
  t.after(() => server.close());
  const asked = await runCli(["ask", "Who wrote Hamlet?", "-t", "openai:gpt-4o-mini", "--base-url", `${server.url}/v1`], { env: cliEnv({ OPENAI_API_KEY: "sk-test" }) });
  assert.equal(asked.code, 0, asked.stderr);
  const line = /tokens: ([\d,]+) in, ([\d,]+) out over 7 call\(s\) · cost \$([\d.e-]+)/.exec(asked.stderr);
  assert.ok(line, asked.stderr);
  const [input, output] = [Number(line[1]!.replace(/,/g, "")), Number(line[2]!.replace(/,/g, ""))];
  assert.ok(input > 0 && output > 0);
  assert.equal(Number(line[3]).toPrecision(2), ((input * 0.15 + output * 0.6) / 1e6).toPrecision(2));
});

test("a live batch run states tokens per stage at the prices of --prices (an id prefix); a malformed prices file is refused with where and how", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript().reply });
  t.after(() => server.close());
  const dir = mkdtempSync(join(tmpdir(), "auditllm-cost-"));
  const file = join(dir, "q.txt");
  writeFileSync(file, "Who wrote Hamlet?\nWhat is the capital of Australia?\n");
  const prices = join(dir, "prices.json");
  writeFileSync(prices, JSON.stringify({ "openai-compatible:": { input: 1, output: 2 } }));
  const run = await runCli(["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--out", join(dir, "out"), "--prices", prices, "--json"], { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  const { cost } = JSON.parse(run.stdout);
  assert.deepEqual(
    cost.lines.map((l: { role: string; via: string; calls: number }) => [l.role, l.via, l.calls]),
    [
      ["answer", "live", 12],
      ["probe", "live", 2],
    ],
  );
  assert.equal(cost.estimatedCalls, 0);
  assert.equal(cost.cost, (cost.inputTokens * 1 + cost.outputTokens * 2) / 1e6);
  assert.equal(cost.liveCost, cost.cost);
  const bad = join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({ "openai:x": { input: "cheap" } }));
  const refused = await runCli(["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--prices", bad, "--new"], { env: cliEnv() });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /bad\.json: openai:x\.input: .*Write it as \{"openai:gpt-4o-mini": \{"input": 0\.15, "output": 0\.6\}\}/);
});
