/** `auditllm serve` as a user starts it: refuses an open host without a token, serves a live audit, stops on SIGTERM. */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import test from "node:test";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { auditScript } from "../testing/audit-script.js";
import { allEvents } from "../testing/sse-client.js";
import { isLoopbackAddress } from "./serve.js";

test("a host other than loopback needs AUDITLLM_TOKEN (exit 2), and a long one", async () => {
  const open = await runCli(["serve", "--host", "0.0.0.0", "--port", "0"], { env: cliEnv() });
  assert.equal(open.code, 2);
  assert.match(open.stderr, /Refusing to serve on 0\.0\.0\.0 without an access token.*AUDITLLM_TOKEN/s);
  const short = await runCli(["serve", "--host", "0.0.0.0", "--port", "0"], { env: cliEnv({ AUDITLLM_TOKEN: "short" }) });
  assert.equal(short.code, 2);
  assert.match(short.stderr, /too short/);
  const metric = await runCli(["serve", "--port", "0", "--metric", "nope"], { env: cliEnv() });
  assert.equal(metric.code, 2);
  assert.match(metric.stderr, /Unknown metric "nope"/);
});

test("loopback addresses are recognised", () => {
  for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"]) assert.ok(isLoopbackAddress(host), host);
  for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.com"]) assert.ok(!isLoopbackAddress(host), host);
});

test("serve runs a live audit against an OpenAI-compatible --base-url and stops cleanly on SIGTERM", async (t) => {
  const llm = await startTestLlmServer({ reply: auditScript().reply, models: ["m"] });
  t.after(() => llm.close());
  let child: ChildProcess | undefined;
  let exited: ReturnType<typeof runCli> | undefined;
  let url = "";
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve did not print its address within 20 s")), 20_000);
    const done = runCli(["serve", "--port", "0", "--base-url", llm.openaiBaseUrl], {
      env: cliEnv(),
      onSpawn: (spawned) => {
        child = spawned;
        spawned.stdout!.on("data", (d: Buffer | string) => {
          const found = /auditllm web app: (http:\/\/127\.0\.0\.1:\d+)\//.exec(String(d));
          if (found) {
            url = found[1]!;
            clearTimeout(timer);
            resolve();
          }
        });
      },
    });
    exited = done;
  });
  t.after(() => void child?.kill("SIGKILL"));
  await started;

  const models = (await (await fetch(`${url}/api/models`)).json()) as { models: { id: string }[] };
  assert.ok(models.models.some((m) => m.id === "openai-compatible:m"));
  assert.match(await (await fetch(`${url}/`)).text(), /<div id="app">/);
  const response = await fetch(`${url}/api/audits`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question: "Who wrote Hamlet?", target: "openai-compatible:m", probes: ["Which writer wrote Hamlet?", "Hamlet was written by whom?"] }),
  });
  const events = await allEvents(response);
  const last = events.at(-1)!;
  assert.equal(last.event, "result", JSON.stringify(last.data));
  assert.equal(last.data.answers.length, 3);
  assert.equal(last.data.metric, "hybrid");

  child!.kill("SIGTERM");
  const result = await exited!;
  assert.equal(result.code, 0, `${result.signal} ${result.stderr}`);
});
