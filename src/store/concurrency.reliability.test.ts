/**
 * Six `auditllm batch` processes started at once on one new store (real processes, real SQLite): the store is
 * created and migrated once, no process fails with "database is locked", and every run ends done with all its
 * questions. (Before: writes that read first upgraded deferred transactions, which SQLite refuses instead of
 * making them wait, and two processes migrating a new store at once collided.)
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { auditScript } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { repoRoot } from "../testing/paths.js";
import { peek, questionsFile } from "../testing/run-store.js";
import { updateRunConfig } from "./batch.js";
import { openDatabase } from "./db.js";
import { createRun, getRun } from "./runs.js";

test("a write that reads first (updateRunConfig) while another process holds the write lock waits for it and succeeds (a deferred transaction was refused: SQLITE_BUSY_SNAPSHOT)", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-busy-"));
  const path = join(dir, "auditllm.db");
  const db = openDatabase(path);
  t.after(() => db.close());
  const run = createRun(db, "batch", { input: "q.txt", targets: ["m"] });
  // Another process takes the write lock, changes the run, and commits 400 ms later.
  const locker = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import Database from "better-sqlite3";
       const db = new Database(process.argv[1]);
       db.exec("BEGIN IMMEDIATE");
       db.prepare("UPDATE runs SET summary = '{\\"by\\":\\"other\\"}' WHERE id = ?").run(process.argv[2]);
       process.stdout.write("locked\\n");
       setTimeout(() => { db.exec("COMMIT"); db.close(); }, 400);`,
      path,
      run.id,
    ],
    { cwd: repoRoot(), stdio: ["ignore", "pipe", "inherit"] },
  );
  await once(locker.stdout!, "data");
  const started = Date.now();
  updateRunConfig(db, run.id, { out: "/tmp/out" });
  assert.ok(Date.now() - started >= 250, "it waited for the other process's transaction");
  const [code] = await once(locker, "close");
  assert.equal(code, 0);
  const stored = getRun(db, run.id)!;
  assert.deepEqual([stored.config.out, stored.summary], ["/tmp/out", { by: "other" }], "both writes are kept");
});

test("six concurrent batches on one new store: all exit 0, none says `database is locked`, six runs done with every question", async (t) => {
  const llm = await startTestLlmServer({ reply: auditScript({ latencyMs: 5 }).reply, models: ["m"] });
  t.after(() => llm.close());
  const dir = mkdtempSync(join(tmpdir(), "auditllm-six-"));
  const env = cliEnv();
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => {
      const file = questionsFile(dir, 8, `q${i}.txt`, `topic ${i}`);
      return runCli(["batch", file, "-t", "openai-compatible:m", "--base-url", llm.openaiBaseUrl, "-k", "2", "-c", "4", "-m", "lexical", "--out", join(dir, `out${i}`)], { env });
    }),
  );
  for (const [i, r] of results.entries()) {
    assert.doesNotMatch(r.stderr, /locked|busy/i, `process ${i}`);
    assert.equal(r.code, 0, `process ${i}: ${r.stderr}`);
  }
  const runs = peek(env.AUDITLLM_HOME!, (db) =>
    db.prepare("SELECT r.status, count(i.idx) AS questions, sum(i.status = 'done') AS done FROM runs r JOIN items i ON i.run_id = r.id GROUP BY r.id").all(),
  );
  assert.deepEqual(
    runs,
    Array.from({ length: 6 }, () => ({ status: "done", questions: 8, done: 8 })),
  );
});
