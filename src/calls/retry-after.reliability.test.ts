/**
 * A provider that answers 429 with `Retry-After: 3600`, through the built CLI and real HTTP. Pass conditions:
 * Ctrl+C (SIGINT) while the lane is paused ends the process within 5 s with exit 130; and the pause is
 * capped (AUDITLLM_MAX_RETRY_DELAY=1 here), so a run told to wait an hour finishes in seconds.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript, isProberRequest } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";

function questions(): string {
  const path = join(mkdtempSync(join(tmpdir(), "auditllm-retry-after-")), "q.txt");
  writeFileSync(path, "What is the capital city of France?\nWhat is the capital city of Spain?\n");
  return path;
}

test("Retry-After: 3600, then SIGINT while the lane is paused: the process exits 130 within 5 s", async (t) => {
  const script = auditScript();
  let limited = 0;
  const server = await startTestLlmServer({
    reply: (r) => {
      if (r.kind === "chat" && !isProberRequest(r)) return (limited++, { status: 429, headers: { "retry-after": "3600" } });
      return script.reply(r);
    },
  });
  t.after(() => server.close());
  let sentAt = 0;
  const env = cliEnv();
  const result = await runCli(["batch", questions(), "-t", "openai-compatible:slow", "--base-url", server.openaiBaseUrl, "-k", "1", "--out", `${env.AUDITLLM_HOME}/out`], {
    env,
    onSpawn: (child) => {
      const poll = setInterval(() => {
        if (limited === 0) return;
        clearInterval(poll);
        setTimeout(() => {
          sentAt = Date.now();
          child.kill("SIGINT");
        }, 500);
      }, 50);
      child.on("close", () => clearInterval(poll));
    },
  });
  const took = Date.now() - sentAt;
  assert.ok(sentAt > 0, "SIGINT was sent");
  assert.equal(result.code, 130, result.stderr);
  assert.ok(took < 5000, `exited ${took} ms after SIGINT`);
});

test("Retry-After: 3600 is capped by AUDITLLM_MAX_RETRY_DELAY=1: the run finishes within 20 s", async (t) => {
  const script = auditScript();
  const seen = new Set<string>();
  const server = await startTestLlmServer({
    reply: (r) => {
      if (r.kind === "chat" && !isProberRequest(r) && !seen.has(r.prompt)) return (seen.add(r.prompt), { status: 429, headers: { "retry-after": "3600" } });
      return script.reply(r);
    },
  });
  t.after(() => server.close());
  const started = Date.now();
  const env = cliEnv({ AUDITLLM_MAX_RETRY_DELAY: "1" });
  const result = await runCli(["batch", questions(), "-t", "openai-compatible:slow", "--base-url", server.openaiBaseUrl, "-k", "1", "--json", "--out", `${env.AUDITLLM_HOME}/out`], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).targets[0].audited, 2);
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
});
