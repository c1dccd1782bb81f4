/**
 * A model that answers one question with 50 MB of text, through the built CLI, real HTTP and a real store.
 * Pass condition: the answer is kept cut at 16 characters per requested token (8,192 for --max-tokens 512)
 * with finishReason "truncated-by-auditllm", and neither the database nor results.jsonl grows past 2 MB.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript, isProberRequest } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { answerCap, capAnswer, cappedDeltas, TRUNCATED } from "./answer-cap.js";

const QUESTION = "What is the capital city of France?";

test("a 50 MB answer is stored cut to 8,192 characters with finishReason truncated-by-auditllm; database and results.jsonl stay under 2 MB", async (t) => {
  const script = auditScript();
  const huge = `Paris ${"is the capital of France and ".repeat(1_800_000)}`; // ~50 MB
  const server = await startTestLlmServer({ reply: (r) => (r.kind === "chat" && !isProberRequest(r) && r.prompt === QUESTION ? { text: huge } : script.reply(r)) });
  t.after(() => server.close());
  const env = cliEnv();
  const home = env.AUDITLLM_HOME!;
  const input = join(mkdtempSync(join(tmpdir(), "auditllm-cap-")), "q.txt");
  writeFileSync(input, `${QUESTION}\n`);
  const out = join(home, "out");
  const { code, stderr } = await runCli(["batch", input, "-t", "openai-compatible:big", "--base-url", server.openaiBaseUrl, "--out", out, "-k", "2"], { env });
  assert.equal(code, 0, stderr);
  assert.ok(huge.length > 50_000_000);
  const row = JSON.parse(readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n")[0]!);
  const first = (row.audit ?? row).answers[0];
  assert.equal(first.finishReason, TRUNCATED);
  assert.equal(first.text.length, 8192);
  assert.ok(first.text.startsWith("Paris is the capital"));
  for (const file of [
    join(out, "results.jsonl"),
    ...readdirSync(home)
      .filter((f) => f.startsWith("auditllm.db"))
      .map((f) => join(home, f)),
  ]) {
    assert.ok(statSync(file).size < 2_000_000, `${file}: ${statSync(file).size} bytes`);
  }
});

test("the cap is 16 characters a requested token under the ceiling; shorter answers and surrogate pairs are left whole", () => {
  assert.equal(answerCap(512), 8192);
  assert.equal(answerCap(1_000_000, 200_000), 200_000);
  assert.equal(answerCap(undefined, 5000), 5000);
  const short = { text: "ok", finishReason: "stop", usage: {}, warnings: [] };
  assert.equal(capAnswer(short, 10), short);
  const cut = capAnswer({ ...short, text: "ab😀cd" }, 3);
  assert.deepEqual([cut.text, cut.finishReason], ["ab", TRUNCATED]);
  const seen: string[] = [];
  const onDelta = cappedDeltas((d) => seen.push(d), 5);
  for (const d of ["abc", "def", "ghi"]) onDelta(d);
  assert.deepEqual(seen, ["abc", "de"]);
});
