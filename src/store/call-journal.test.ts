/**
 * The call journal's group commits keep its promise: 64 calls sent at once over real HTTP are each a committed
 * row (seen from another connection to the file) when the server receives them, and each answer is committed
 * before the executor hands it back.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import Database from "better-sqlite3";
import { createExecutor } from "../calls/executor.js";
import { createLanguageModel } from "../providers/registry.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { createCallJournal, createRun, openDatabase } from "./index.js";

test("grouped journal writes: every call is a committed row before the server sees it, and done before its answer returns", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-journal-"));
  const file = join(dir, "auditllm.db");
  const db = openDatabase(file);
  const run = createRun(db, "batch", {});
  const reader = new Database(file, { readonly: true });
  t.after(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const statusOf = (prompt: string) =>
    (reader.prepare("SELECT status FROM calls WHERE run_id = ? AND request LIKE ?").get(run.id, `%${JSON.stringify(prompt)}%`) as { status: string } | undefined)?.status ?? "absent";
  const seen: string[] = [];
  const server = await startTestLlmServer({
    reply: (r) => {
      seen.push(statusOf(r.prompt));
      return { text: `answer to ${r.prompt}`, delayMs: 5 };
    },
  });
  t.after(() => server.close());
  const model = createLanguageModel("openai-compatible:m", { env: {}, baseUrl: server.openaiBaseUrl, cacheDir: dir });
  const executor = createExecutor({ model: () => model, journal: createCallJournal(db, run.id), concurrency: 64 });
  const prompts = Array.from({ length: 64 }, (_, i) => `question ${i}`);
  const answers = await Promise.all(
    prompts.map(async (prompt) => {
      const result = await executor.complete({ role: "answer", model: "openai-compatible:m", messages: [{ role: "user", content: prompt }], temperature: 0.5, sampleIndex: 0 });
      return [result.text, statusOf(prompt)];
    }),
  );
  assert.deepEqual(seen, Array(64).fill("pending"), "each row committed before its request reached the server");
  assert.deepEqual(
    answers,
    prompts.map((p) => [`answer to ${p}`, "done"]),
    "each answer committed before the executor returned it",
  );
});
