import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { claimRun, createCallJournal, createRun, openDatabase } from "../store/index.js";
import { takeOwnership } from "./owner.js";

/** Holds the thread, as a frozen process (SIGSTOP) or a long stretch of work does: no heartbeat runs. */
function frozen(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

const spec = { role: "answer" as const, model: "m", messages: [{ role: "user" as const, content: "Q?" }], temperature: 0, maxTokens: 8, sampleIndex: 0 };

test("a process woken after a takeover learns it before it begins, stores or fails a call: the new owner's rows stay as they are", async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "auditllm-holds-")), "t.db"));
  const run = createRun(db, "batch", {});
  const env = { AUDITLLM_LEASE_STALE_MS: "300", AUDITLLM_LEASE_HEARTBEAT_MS: "50" };
  const owner = await takeOwnership(db, run.id, { env });
  try {
    const journal = createCallJournal(db, run.id, { holds: owner.holds });
    await journal.begin("a", spec, 1);
    assert.equal(owner.holds(), true, "a fresh heartbeat: no query, still held");

    frozen(400); // no beat for longer than the lease lasts…
    const other = claimRun(db, run.id, { token: "other", pid: 1, host: hostname() }, () => true); // …and another process takes the run
    assert.equal(other.ok, true);
    const newOwner = createCallJournal(db, run.id);
    await newOwner.begin("a", spec, 2);
    await newOwner.succeed("a", { text: "the new owner's answer", finishReason: "stop", usage: {}, warnings: [] }, 5);

    // Woken, before any timer fires: its answer to "a" arrives, it fails "a", it starts "b".
    await journal.succeed("a", { text: "the old owner's answer", finishReason: "stop", usage: {}, warnings: [] }, 5);
    journal.fail("a", { kind: "server", message: "boom" });
    await assert.rejects(Promise.resolve(journal.begin("b", spec, 1)), /held by another process/);
    assert.equal(owner.lost(), true);
    assert.equal(owner.signal.aborted, true, "the run's signal stops it");
    assert.match(String((owner.signal.reason as Error).message), /was taken over by process 1/);

    const rows = db.prepare("SELECT key, status, response FROM calls WHERE run_id = ? ORDER BY key").all(run.id);
    assert.deepEqual(rows, [{ key: "a", status: "done", response: "the new owner's answer" }], "nothing of the old owner after the takeover");
  } finally {
    owner.release();
    db.close();
  }
});

test("a process that keeps its lease is never slowed by the check: holds() stays true through a long stretch of work", async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "auditllm-holds-")), "t.db"));
  const run = createRun(db, "batch", {});
  const owner = await takeOwnership(db, run.id, { env: { AUDITLLM_LEASE_STALE_MS: "300", AUDITLLM_LEASE_HEARTBEAT_MS: "50" } });
  try {
    frozen(400); // past the lease, but nobody took the run: the check renews it
    assert.equal(owner.holds(), true);
    assert.equal(owner.lost(), false);
    assert.equal(owner.signal.aborted, false);
  } finally {
    owner.release();
    db.close();
  }
});
