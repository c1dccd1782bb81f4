/**
 * A damaged store, through the built CLI. Pass condition: exit 1 with a message naming the database file and
 * what is wrong, never "unexpected error … please report it".
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { cliEnv, runCli } from "../testing/cli.js";
import { openDatabase } from "./db.js";
import { createRun } from "./runs.js";

test("a file that is not a database: exit 1, the message names the file and says 'is not an SQLite database'", async () => {
  const env = cliEnv();
  const file = join(env.AUDITLLM_HOME!, "auditllm.db");
  writeFileSync(file, randomBytes(8192));
  const r = await runCli(["runs"], { env });
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(`${file} is not an SQLite database`), r.stderr);
  assert.doesNotMatch(r.stderr, /unexpected error/);
});

test("a stored run whose config is not JSON: exit 1, the message names the file and the run", async () => {
  const env = cliEnv();
  const file = join(env.AUDITLLM_HOME!, "auditllm.db");
  const db = openDatabase(file);
  const run = createRun(db, "ask", { target: "x" });
  db.prepare("UPDATE runs SET config = '{broken' WHERE id = ?").run(run.id);
  db.close();
  for (const args of [["runs"], ["show", run.id]]) {
    const r = await runCli(args, { env });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`${file}: the stored config of run ${run.id} is not valid JSON`), r.stderr);
  }
});
