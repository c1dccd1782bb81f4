/**
 * A real LLM end to end: SmolLM2-135M-Instruct (`npm run models -- --small`) in the embedded llama.cpp
 * provider, through the built CLI, as prober, target and judge. What only a real model shows: probes parsed
 * from its real text, answers that really stream out of llama.cpp, failures that come back as one clear
 * error per answer, a kill -9 in the middle of real generation, and reports that render what it said.
 * Answers are kept short (max tokens 24–48) so this stays a few minutes on 2 cores.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { cliEnv, runCli } from "../testing/cli.js";
import { realLlmPath, realLlmSkip } from "../testing/real-models.js";

const model = `llamacpp:${realLlmPath()}`;
const dir = mkdtempSync(join(tmpdir(), "auditllm-real-llm-"));
const jsonl = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, any>);
/** An over-long prompt: more tokens than the model's context (4096), fewer characters than a batch row's limit (20,000). */
const tooLong = `Where is Paris? ${"7 ".repeat(6000)}`;

interface Answer {
  text: string;
  error?: { kind: string; message: string };
  finishReason?: string;
}

/** Every answer is text, or one clear error saying what went wrong. */
function checkAnswers(answers: Answer[]) {
  for (const a of answers) {
    if (a.error) {
      assert.ok(a.error.kind && a.error.message.length > 20 && !/undefined|\[object/.test(a.error.message), JSON.stringify(a.error));
      assert.ok(a.error.message.includes(model), `the error names the model: ${a.error.message}`);
    } else {
      assert.ok(a.text.trim().length > 0, "a real answer has text");
    }
  }
}

describe("real LLM: SmolLM2-135M-Instruct in the embedded llama.cpp", { skip: realLlmSkip() }, () => {
  test("ask: the model writes its own probes (parsed from its text) and answers them; show renders the run", async () => {
    const env = cliEnv();
    // (Asked for rewrites of "What is the capital of France?", it lists "The capital of France is Paris." five times: no probe.)
    const result = await runCli(["ask", "Why is the sky blue?", "-t", model, "--max-tokens", "48", "--json"], { env });
    assert.equal(result.code, 0, result.stderr);
    const audit = JSON.parse(result.stdout);
    assert.equal(audit.target, model);
    assert.equal(audit.prober, model, "the prober is the target when none is named");
    const candidates: string[] = [...audit.probes.map((p: { text: string }) => p.text), ...audit.droppedProbes.map((p: { text: string }) => p.text)];
    assert.ok(candidates.length >= 1, `the prober's real text gave probe candidates: ${result.stderr}`);
    for (const text of candidates) {
      assert.doesNotMatch(text, /^\s*(\d+[.)]|[-*•]|")/, `numbering, bullets and quotes are taken off: ${text}`);
      assert.doesNotMatch(text, /\n/);
      assert.ok(text.length > 5 && text.length < 400, text);
    }
    assert.equal(audit.answers.length, 1 + audit.probes.length);
    assert.equal(audit.answers[0].prompt, "Why is the sky blue?");
    checkAnswers(audit.answers);
    assert.ok(
      audit.answers.every((a: Answer) => !a.error),
      "nothing fails on a normal question",
    );

    const shown = await runCli(["show", audit.runId], { env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Question: Why is the sky blue\?/);
    assert.match(shown.stdout, new RegExp(`Probes \\(${audit.probes.length}\\)`));
    assert.match(shown.stdout, /Answers \(\d+\)/);
  });

  test("ask: a prompt longer than the context fails as that answer's own error; the others are scored", async () => {
    const env = cliEnv();
    const args = ["ask", "Where is Paris?", "-t", model, "--probe", "In which country is Paris?", "--probe", tooLong, "--max-tokens", "24", "--retries", "0", "--json"];
    const result = await runCli(args, { env });
    assert.equal(result.code, 0, result.stderr);
    const audit = JSON.parse(result.stdout);
    checkAnswers(audit.answers);
    const failed = audit.answers.filter((a: Answer) => a.error);
    assert.equal(failed.length, 1);
    assert.equal(failed[0].error.kind, "bad-request");
    assert.match(failed[0].error.message, /The prompt is \d+ tokens long, and .* holds 4096 tokens per call/);
    assert.deepEqual(audit.scored, [0, 1], "the failed answer is left out of the scores");
    assert.equal(typeof audit.consistency, "number");
  });

  test("batch: 20 questions, killed with -9 in the middle of generation, resumed without redoing finished calls", async () => {
    const env = cliEnv();
    const out = join(env.AUDITLLM_HOME!, "out");
    const file = join(dir, "questions.csv");
    const rows = [
      "question,probes",
      ...["France", "Japan", "Italy", "Egypt", "Peru"].map((c) => `What is the capital of ${c}?,`),
      ...[
        "Spain|Madrid",
        "Kenya|Nairobi",
        "Chile|Santiago",
        "Norway|Oslo",
        "Greece|Athens",
        "Poland|Warsaw",
        "Cuba|Havana",
        "Iran|Tehran",
        "Iraq|Baghdad",
        "Nepal|Kathmandu",
        "Qatar|Doha",
        "Oman|Muscat",
        "Laos|Vientiane",
        "Mali|Bamako",
      ].map((pair) => {
        const [c] = pair.split("|");
        return `What is the capital of ${c}? <b>&amp;</b>,"Which city is the capital of ${c}?|Name the capital city of ${c}."`;
      }),
      `Where is Paris?,"In which country is Paris?|${tooLong}"`,
    ];
    writeFileSync(file, `${rows.join("\n")}\n`);
    const args = ["batch", file, "-t", model, "-k", "2", "--max-tokens", "24", "--retries", "0", "--out", out, "--json"];
    const db = () => new Database(join(env.AUDITLLM_HOME!, "auditllm.db"), { readonly: true });
    let child: ChildProcess | undefined;
    let snapshot: { key: string; response: string; finished_at: string }[] = [];
    const watcher = setInterval(() => {
      if (!existsSync(join(env.AUDITLLM_HOME!, "auditllm.db")) || snapshot.length) return;
      const store = db();
      try {
        const done = store.prepare("SELECT key, response, finished_at FROM calls WHERE status = 'done' AND role = 'answer'").all() as typeof snapshot;
        if (done.length >= 12) {
          child?.kill("SIGKILL");
          snapshot = store.prepare("SELECT key, response, finished_at FROM calls WHERE status = 'done'").all() as typeof snapshot;
        }
      } catch {
        // the schema is not there yet
      } finally {
        store.close();
      }
    }, 50);
    const first = await runCli(args, { env, onSpawn: (c) => (child = c) });
    clearInterval(watcher);
    assert.equal(first.signal, "SIGKILL", `the run was killed mid-way: ${first.stderr}`);
    const runId = (db().prepare("SELECT id FROM runs").get() as { id: string }).id;

    const resumed = await runCli(["batch", "--resume", runId, "--out", out, "--json"], { env });
    assert.equal(resumed.code, 0, resumed.stderr);
    const summary = JSON.parse(resumed.stdout);
    const [target] = summary.targets;
    assert.equal(target.audited + target.noScore + target.failed, 20, "every question is audited, has no score (too few usable answers), or failed");
    const store = db();
    const after = new Map(
      (store.prepare("SELECT key, response, finished_at, attempts FROM calls").all() as { key: string; response: string; finished_at: string; attempts: number }[]).map((c) => [c.key, c]),
    );
    store.close();
    for (const call of snapshot) {
      const now = after.get(call.key)!;
      assert.deepEqual([now.response, now.finished_at, now.attempts], [call.response, call.finished_at, 1], "a call finished before the kill is not made again");
    }
    const resent = [...after.values()].filter((c) => c.attempts > 1).length;
    assert.ok(resent <= 8, `only calls in flight at the kill were sent again (${resent})`);

    const results = jsonl(join(out, "results.jsonl"));
    assert.equal(results.length, 20);
    for (const row of results) checkAnswers(row.answers);
    const paris = results.find((r) => r.question === "Where is Paris?")!;
    assert.equal(paris.answers.filter((a: Answer) => a.error?.kind === "bad-request").length, 1, "the over-long probe is that answer's error");
    const generated = results.filter((r) => !String(r.question).includes("<b>") && r.question !== "Where is Paris?");
    assert.ok(
      generated.every((r) => r.probes.every((p: { source: string }) => p.source === "generated")),
      "the prober wrote probes for rows without them",
    );
    const csv = readFileSync(join(out, "results.csv"), "utf8");
    assert.equal(csv.trim().split(/\r?\n/).length, 21);
    assert.match(csv, /failed_answers/);
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.match(html, /What is the capital of Spain\? &lt;b&gt;&amp;amp;&lt;\/b&gt;/, "question text is escaped in the report");
    assert.doesNotMatch(html, /<b>&amp;<\/b>/);
  });

  test("score --judge: the real model judges pairs of answers; every pair gets a verdict or a clear error", async () => {
    const env = cliEnv();
    const input = join(dir, "judge.jsonl");
    writeFileSync(
      input,
      [
        // One pair each: the judge may take up to 1,024 tokens a verdict, and this model does not always stop early.
        { id: "same", question: "What is the capital of France?", responses: ["Paris is the capital of France.", "The capital of France is Paris."] },
        { id: "clash", question: "When was the first Moon landing?", responses: ["The first Moon landing was in 1969.", "The first Moon landing was in 1972."] },
      ]
        .map((l) => JSON.stringify(l))
        .join("\n") + "\n",
    );
    const result = await runCli(["score", input, "--judge", model, "--retries", "1"], { env });
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    for (const line of lines) {
      if (line.error) {
        assert.match(line.error, new RegExp(`line \\d: .*${model.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}|judge`), line.error);
        continue;
      }
      assert.equal(line.metric, `judge:${model}`);
      for (const row of line.pairwise) for (const x of row) assert.ok(x === null || (x >= 0 && x <= 1), String(x));
    }
    assert.ok(
      lines.some((l) => !l.error),
      `the real judge scored at least one line: ${result.stderr}`,
    );
  });
});
