/**
 * `auditllm batch --via batch-api` against the scripted server's batch services (OpenAI files + batches, Anthropic
 * Message Batches), as a user runs it: every call inside provider batches, stage by stage; results matched by
 * custom_id while the server shuffles its lines; kill -9 while the provider works, then the same command again;
 * no stage ever submitted twice; tokens and cost in the summary and the report.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript, isProberRequest } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer, type TestLlmServer } from "../testing/llm-server.js";
import { startTestWebServer } from "../testing/web-server.js";

const QUESTIONS = Array.from({ length: 20 }, (_, i) => `What is fact number ${i + 1} about the moon?`);

function input(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-batch-api-"));
  const file = join(dir, "q.txt");
  writeFileSync(file, `${QUESTIONS.join("\n")}\n`);
  return { dir, file };
}

interface JsonlAnswer {
  prompt: string;
  text?: string;
  error?: { message: string };
}

function results(out: string): { question: string; answers?: JsonlAnswer[]; error?: string }[] {
  return readFileSync(join(out, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

/** Every custom_id went in exactly one provider batch: no call, and so no stage, was ever submitted twice. */
function assertEachCallSubmittedOnce(server: TestLlmServer): void {
  const ids = server.batches.flatMap((b) => b.customIds);
  assert.equal(new Set(ids).size, ids.length, "a custom_id appeared in two batches");
}

/** Runs the command, killing it with SIGKILL once `when` holds (checked every 10 ms). */
async function runKilledWhen(args: string[], env: Record<string, string>, when: () => boolean) {
  let timer: NodeJS.Timeout | undefined;
  const result = await runCli(args, {
    env,
    onSpawn: (child) => {
      timer = setInterval(() => {
        if (when()) {
          clearInterval(timer);
          child.kill("SIGKILL");
        }
      }, 10);
    },
  });
  clearInterval(timer);
  return result;
}

for (const protocol of ["openai-compatible", "anthropic"] as const) {
  test(`${protocol}: a 20-question run makes every call inside provider batches (probes, then answers), matches shuffled results by custom_id, survives kill -9 while the provider works, never submits a stage twice, and states tokens and cost`, async (t) => {
    const script = auditScript();
    const server = await startTestLlmServer({ reply: script.reply, apiKey: "sk-test", batch: { delayMs: 700 } });
    t.after(() => server.close());
    const { dir, file } = input();
    const out = join(dir, "out");
    const model = protocol === "anthropic" ? "anthropic:claude-3-5-haiku-latest" : "openai-compatible:m";
    const env = cliEnv(protocol === "anthropic" ? { ANTHROPIC_API_KEY: "sk-test" } : { OPENAI_COMPATIBLE_API_KEY: "sk-test" });
    const prices = join(dir, "prices.json");
    writeFileSync(prices, JSON.stringify({ "openai-compatible:m": { input: 1, output: 4 } }));
    const args = ["batch", file, "-t", model, "--base-url", `${server.url}/v1`, "--out", out, "--via", "batch-api", "--poll-interval", "0.05", "--prices", prices];

    // Killed while the answer stage is at the provider (created and polled, not ended).
    const killed = await runKilledWhen(args, env, () => server.batches.length >= 2 && server.batches[1]!.polls >= 1);
    assert.equal(killed.signal, "SIGKILL", killed.stderr);
    assert.equal(server.batches.length, 2);
    assert.notEqual(server.batches[1]!.status, protocol === "anthropic" ? "ended" : "completed", "the kill came while the provider worked");

    const again = await runCli(args, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /Resuming run \S+, which has the same input and settings/);

    // Every call inside provider batches: none live, two stages, each call once.
    assert.equal(server.requests.filter((r) => r.kind === "chat" && !r.batch).length, 0, "no live call");
    assert.equal(server.batches.length, 2, "the resumed run submitted nothing again: it collected the batch that finished meanwhile");
    assertEachCallSubmittedOnce(server);
    const [probes, answers] = server.batches;
    assert.equal(probes!.customIds.length, 20, "stage 1: one prober call per question");
    assert.equal(answers!.customIds.length, 20 * 6, "stage 2: the question and its five probes, per question");
    const batched = server.requests.filter((r) => r.batch);
    assert.equal(batched.filter(isProberRequest).length, 20);
    assert.equal(batched.length, 140);

    // Shuffled lines, matched by custom_id: each answer is the one the server gave for its own prompt.
    const rows = results(out);
    assert.deepEqual(rows.map((r) => r.question).sort(), [...QUESTIONS].sort());
    for (const row of rows) {
      assert.equal(row.answers?.length, 6);
      for (const a of row.answers ?? []) assert.ok(a.text?.includes(`"${a.prompt.replace(/\?$/, "")}"`), `answer "${a.text}" belongs to "${a.prompt}"`);
    }

    // Tokens and cost: the summary, the --json summary and the HTML report.
    assert.match(again.stdout, /tokens: [\d,]+ in, [\d,]+ out over 140 call\(s\)/);
    assert.match(again.stdout, /probe · \S+ · batch API · 20 call\(s\)/);
    assert.match(again.stdout, /answer · \S+ · batch API · 120 call\(s\)/);
    assert.match(again.stdout, /cost \$[\d.]+ \(live calls would cost \$[\d.]+: \$[\d.]+ saved by the batch API\)/);
    const json = JSON.parse((await runCli([...args, "--json"], { env })).stdout);
    assert.equal(json.cost.calls, 140);
    assert.ok(json.cost.inputTokens > 0 && json.cost.outputTokens > 0);
    assert.equal(json.cost.estimatedCalls, 0, "the server gave usage for every call");
    assert.ok(Math.abs(json.cost.cost - json.cost.liveCost / 2) < 1e-12, "batch calls at half the live price");
    assert.match(readFileSync(join(out, "report.html"), "utf8"), /<dt>Tokens and cost<\/dt><dd>tokens: [\d,]+ in, [\d,]+ out over 140 call\(s\) · cost \$/);
  });
}

test("per-request errors and an expired batch are retried once live by default; --batch-fallback report keeps them as the questions' errors; requests are split to --batch-max-requests", async (t) => {
  // Answers of prompts with "number 3 " fail inside batches (never live); the second batch of each run expires half done.
  const script = auditScript();
  const failing = (r: { prompt: string; batch?: boolean }) => r.batch === true && r.prompt.includes("number 3 ");
  const server = await startTestLlmServer({
    reply: (r) => (failing(r) && !isProberRequest(r) ? { status: 500 } : script.reply(r)),
    batch: { fate: ({ index }) => (index % 4 === 1 ? "expire" : "complete") },
  });
  t.after(() => server.close());
  const { dir, file } = input();
  const base = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--via", "batch-api", "--poll-interval", "0.02", "--batch-max-requests", "50"];

  const live = await runCli([...base, "--out", join(dir, "live")], { env: cliEnv() });
  assert.equal(live.code, 0, live.stderr);
  // Stage 1: 20 probe calls in one batch; stage 2: 120 answer calls in batches of at most 50.
  assert.deepEqual(
    server.batches.map((b) => b.customIds.length),
    [20, 50, 50, 20],
  );
  assertEachCallSubmittedOnce(server);
  // The expired batch answered the first half of its requests; the scripted errors hit question 3's answers.
  const expired = server.batches[1]!.customIds.slice(25);
  const errored = server.requests.filter((r) => r.batch && failing(r) && !isProberRequest(r)).map((r) => r.customId!);
  assert.equal(errored.length, 6);
  const liveCalls = server.requests.filter((r) => r.kind === "chat" && !r.batch);
  assert.equal(liveCalls.length, new Set([...expired, ...errored]).size, "each call a batch could not answer went live once");
  assert.equal(new Set(liveCalls.map((r) => r.prompt)).size, liveCalls.length);
  for (const row of results(join(dir, "live"))) for (const a of row.answers ?? []) assert.ok(a.text, `answered: ${a.prompt}`);

  const before = server.batches.length;
  const reported = await runCli([...base, "--new", "--batch-fallback", "report", "--out", join(dir, "report")], { env: cliEnv() });
  assert.equal(reported.code, 0, reported.stderr);
  assert.equal(server.requests.filter((r) => r.kind === "chat" && !r.batch).length, liveCalls.length, "no live call with --batch-fallback report");
  assert.equal(server.batches.length - before, 4);
  // Question 3 lost every answer (the question's error); others lost some (each answer's error).
  const rows = results(join(dir, "report"));
  const errors = [...rows.map((r) => r.error ?? ""), ...rows.flatMap((r) => (r.answers ?? []).map((a) => a.error?.message ?? ""))];
  assert.ok(
    errors.some((e) => /scripted error 500/.test(e)),
    "a request's own error, reported",
  );
  assert.ok(
    errors.some((e) => /could not be executed before the batch was expired/.test(e)),
    "the expired batch's unanswered requests, reported",
  );
});

test("Ctrl+C while the provider works leaves its batches running and says how to resume or cancel; --cancel cancels them at the provider; --resume then finishes the run", async (t) => {
  const batch = { delayMs: 60_000 };
  const server = await startTestLlmServer({ reply: auditScript().reply, batch });
  t.after(() => server.close());
  const { dir, file } = input();
  const env = cliEnv();
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--out", join(dir, "out"), "--via", "batch-api", "--poll-interval", "0.05"];
  let timer: NodeJS.Timeout | undefined;
  const stopped = await runCli(args, {
    env,
    onSpawn: (child) => {
      timer = setInterval(() => {
        if (server.batches[0]?.polls) {
          clearInterval(timer);
          child.kill("SIGINT");
        }
      }, 10);
    },
  });
  clearInterval(timer);
  assert.equal(stopped.code, 130, stopped.stderr);
  const runId = /run (\S+) is saved/.exec(stopped.stderr)?.[1];
  assert.ok(runId, stopped.stderr);
  const batchId = server.batches[0]!.id;
  assert.match(stopped.stderr, new RegExp(`its provider batches keep running \\(${batchId}\\)`));
  assert.match(stopped.stderr, new RegExp(`auditllm batch --resume ${runId}`));
  assert.match(stopped.stderr, new RegExp(`auditllm batch --cancel ${runId}`));
  assert.equal(server.batches[0]!.status, "in_progress", "left running at the provider");

  // `auditllm runs` and the web app's run page say what the run waits on.
  const listed = await runCli(["runs"], { env });
  assert.match(listed.stdout, new RegExp(`${runId} +batch +cancelled .*waiting on the provider \\(stage 1, probe\\): openai-compatible ${batchId} in_progress 10/20 done; for 0 min`));
  const web = await startTestWebServer({ llm: server, env: { AUDITLLM_HOME: env.AUDITLLM_HOME! } });
  try {
    const detail = (await (await fetch(`${web.url}/api/batches/${runId}`)).json()) as { progress: { provider?: string } };
    assert.match(detail.progress.provider ?? "", new RegExp(`^waiting on the provider \\(stage 1, probe\\): openai-compatible ${batchId} in_progress`));
  } finally {
    await web.close();
  }

  const cancel = await runCli(["batch", "--cancel", runId], { env });
  assert.equal(cancel.code, 0, cancel.stderr);
  assert.match(cancel.stdout, new RegExp(`cancelled at the provider: ${batchId} \\(cancelled\\)`));
  assert.equal(server.batches[0]!.status, "cancelled");

  batch.delayMs = 0;
  const resumed = await runCli(["batch", "--resume", runId], { env });
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(server.batches.length, 2, "the cancelled probe stage was not sent again: its calls went live once, then the answers as a batch");
  assert.equal(server.requests.filter((r) => r.kind === "chat" && !r.batch).length, 20);
  assertEachCallSubmittedOnce(server);
});

test("a submission is recorded before it is sent: when the provider refuses to create the batch the run stops, and the same command sends that submission (same calls), never a second one", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript().reply, batch: { fate: ({ index }) => (index === 1 ? "refuse" : "complete") } });
  t.after(() => server.close());
  const { dir, file } = input();
  const env = cliEnv();
  const args = ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--out", join(dir, "out"), "--via", "batch-api", "--poll-interval", "0.02"];
  const refused = await runCli(args, { env });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /server error \(HTTP 500/);
  assert.equal(server.batches.length, 1, "only the probe stage was created");

  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(
    server.batches.map((b) => b.customIds.length),
    [20, 120],
  );
  assertEachCallSubmittedOnce(server);
  assert.equal(server.requests.filter((r) => r.kind === "chat" && !r.batch).length, 0);
});

test("--max-cost stops a live run before its calls would pass the budget (saved, resumable with a larger one)", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript().reply });
  t.after(() => server.close());
  const { dir, file } = input();
  const env = cliEnv({ OPENAI_API_KEY: "sk-test" });
  const args = ["batch", file, "-t", "openai:gpt-4o-mini", "--base-url", `${server.url}/v1`, "--out", join(dir, "out"), "--max-tokens", "100"];
  const stopped = await runCli([...args, "--max-cost", "0.0015"], { env });
  assert.equal(stopped.code, 1, stopped.stderr);
  const spent = /Stopped before passing --max-cost \$0\.0015: the run has spent \$([\d.]+), and the next call could cost up to \$[\d.]+\. Run (\S+) is saved/.exec(stopped.stderr);
  assert.ok(spent, stopped.stderr);
  assert.ok(Number(spent[1]) <= 0.0015);
  const made = server.countChat();
  assert.ok(made > 0 && made < 140, `stopped part way (${made} calls)`);

  const resumed = await runCli(["batch", "--resume", spent[2]!, "--max-cost", "1", "--json"], { env });
  assert.equal(resumed.code, 0, resumed.stderr);
  const cost = JSON.parse(resumed.stdout).cost;
  assert.equal(cost.calls, 140);
  assert.ok(cost.cost > 0.0015 && cost.cost < 1, `the whole run cost $${cost.cost}`);
  assert.equal(server.countChat(), 140, "no call made twice across the stop");
});

test("--judge: the judge calls are a stage of their own after the answers (and its re-asks the next), all inside provider batches", async (t) => {
  const server = await startTestLlmServer({ reply: auditScript().reply });
  t.after(() => server.close());
  const dir = mkdtempSync(join(tmpdir(), "auditllm-batch-api-"));
  const file = join(dir, "q.txt");
  writeFileSync(file, `${QUESTIONS.slice(0, 3).join("\n")}\n`);
  const args = [
    "batch",
    file,
    "-t",
    "openai-compatible:m",
    "--judge",
    "openai-compatible:j",
    "--base-url",
    `${server.url}/v1`,
    "--out",
    join(dir, "out"),
    "--via",
    "batch-api",
    "--poll-interval",
    "0.02",
  ];
  const run = await runCli(args, { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests.filter((r) => r.kind === "chat" && !r.batch).length, 0);
  assertEachCallSubmittedOnce(server);
  const models = server.batches.map((b) => [...new Set(server.requests.filter((r) => r.customId && b.customIds.includes(r.customId)).map((r) => r.model))]);
  assert.deepEqual(models.slice(0, 3), [["m"], ["m"], ["j"]], "probes, answers, then the judge");
  assert.match(run.stdout, /judge · openai-compatible:j · batch API · \d+ call\(s\)/);
});

test("answers from provider batches are stored as live ones are: cut at the answer cap (truncated-by-auditllm) and the API key redacted from every file", async (t) => {
  const canary = "sk-canary-batch-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  const script = auditScript();
  // Each answer quotes the key, then runs on far past what --max-tokens 32 asks for (cap: 16 characters a token).
  const server = await startTestLlmServer({ reply: (r) => (isProberRequest(r) ? script.reply(r) : `The key is ${canary}. ${"and so on ".repeat(20_000)}`) });
  t.after(() => server.close());
  const { dir, file } = input();
  const env = cliEnv({ OPENAI_COMPATIBLE_API_KEY: canary });
  const out = join(dir, "out");
  const run = await runCli(
    ["batch", file, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--via", "batch-api", "--poll-interval", "0.02", "-k", "2", "--max-tokens", "32", "--out", out],
    { env },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.ok(server.requests.some((r) => r.batch) && !server.requests.some((r) => r.kind === "chat" && !r.batch), "every call went through provider batches");
  const answers = results(out).flatMap((r) => r.answers ?? []);
  assert.equal(answers.length, 20 * 3);
  for (const a of answers) assert.ok(a.text && a.text.length <= 16 * 32, `cut: ${a.text?.length}`);
  const home = env.AUDITLLM_HOME!;
  const files = [...readdirSync(out).map((f) => join(out, f)), ...(readdirSync(home, { recursive: true }) as string[]).filter((f) => f.includes("auditllm.db")).map((f) => join(home, f))];
  assert.ok(
    files.some((f) => f.endsWith("auditllm.db")),
    files.join(", "),
  );
  assert.deepEqual(
    files.filter((f) => readFileSync(f).includes(Buffer.from(canary))),
    [],
    "files holding the key",
  );
  assert.match(readFileSync(join(out, "results.jsonl"), "utf8"), /The key is \[redacted\]\./);
});
