/** The audit use case from code: model objects of the caller's, with and without a store; settings checked before any run is stored. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { getRun, listRuns, openDatabase } from "../store/index.js";
import { lastUser, mockModel } from "../testing/mock-model.js";
import { audit, auditQuestion } from "./audit.js";
import { UsageError } from "./errors.js";

const PROBES = "1. Who was the author of the play Hamlet?\n2. Which writer created the play Hamlet?";

function answering() {
  return mockModel("mock:m", (request) => (lastUser(request).includes("Original question:") ? PROBES : "William Shakespeare wrote Hamlet."));
}

test("audit() with a model object and no store: the ask --json object, nothing stored, one prober call and three answers", async () => {
  const model = answering();
  const result = await audit("Who wrote Hamlet?", { models: [model], probes: 2, metric: "lexical" });
  assert.equal(result.runId, undefined);
  assert.equal(result.target, "mock:m");
  assert.equal(result.consistency, 1);
  assert.deepEqual(
    result.probes.map((p) => p.text),
    ["Who was the author of the play Hamlet?", "Which writer created the play Hamlet?"],
  );
  assert.equal(model.requests.length, 4);
  assert.equal(model.requests[0]!.temperature, 0, "the prober writes at temperature 0");
});

test("with a store the audit is a stored ask run; bad settings fail before any run is stored", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "auditllm-app-audit-"));
  const db = openDatabase(join(home, "auditllm.db"));
  t.after(() => (db.close(), rmSync(home, { recursive: true, force: true })));
  const { runId, result } = await auditQuestion("Who wrote Hamlet?", { models: [answering()], probes: ["Who is the author of Hamlet?"], metric: "lexical" }, { db });
  assert.equal(getRun(db, runId!)?.status, "done");
  assert.equal(result.probes[0]!.source, "user");
  await assert.rejects(audit("Who wrote Hamlet?", { models: [answering()], metric: "cosine" }, { db }), (e: unknown) => e instanceof UsageError && /Unknown metric "cosine"/.test(e.message));
  await assert.rejects(audit("  ", { models: [answering()] }, { db }), /The question is empty/);
  await assert.rejects(audit("Who?", { models: [answering()], probes: 0 }, { db }), /--samples 2 or more/);
  assert.equal(listRuns(db).length, 1, "no run stored for the bad ones");
});
