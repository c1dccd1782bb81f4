/** The run lease over a real SQLite store: one owner, refusal, takeover of a stale lease, ends only by the holder, cancel requests. */
import assert from "node:assert/strict";
import test from "node:test";
import { openDatabase } from "./db.js";
import { claimRun, finishOrphanedRun, finishOwnedRun, ownerOf, releaseClaim, renewClaim, requestCancel } from "./owners.js";
import { createRun, getRun } from "./runs.js";

const a = { token: "a", pid: 1, host: "h" };
const b = { token: "b", pid: 2, host: "h" };

test("one owner: a live lease refuses another claimant; a stale one is taken over; the same token adopts it", () => {
  const db = openDatabase(":memory:");
  const { id } = createRun(db, "batch", {});
  assert.deepEqual(
    claimRun(db, id, a, () => false, 1000),
    { ok: true },
  );
  const refused = claimRun(db, id, b, () => false, 2000);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.owner.pid, 1);
  const took = claimRun(db, id, b, (owner) => owner.heartbeatMs < 1500, 3000);
  assert.equal(took.ok && took.tookOver?.token, "a");
  assert.equal(ownerOf(db, id)?.token, "b");
  assert.deepEqual(renewClaim(db, id, "a", 4000), { owned: false, cancelRequested: false }, "the old owner learns it lost the run");
  assert.equal(requestCancel(db, id), true);
  assert.deepEqual(
    claimRun(db, id, { ...b, pid: 3 }, () => false, 5000),
    { ok: true },
    "b's token adopted by another process",
  );
  assert.deepEqual(renewClaim(db, id, "b", 6000), { owned: true, cancelRequested: true }, "adopting keeps the cancel request");
  db.close();
});

test("only the holder ends a run; an orphaned run is ended only when its lease is stale; release frees the run", () => {
  const db = openDatabase(":memory:");
  const { id } = createRun(db, "batch", {});
  claimRun(db, id, a, () => false);
  assert.equal(finishOwnedRun(db, id, "b", "failed"), false, "b does not hold it");
  assert.equal(
    finishOrphanedRun(db, id, () => false, "failed"),
    false,
    "a live owner: not orphaned",
  );
  assert.equal(getRun(db, id)?.status, "running");
  assert.equal(finishOwnedRun(db, id, "a", "done", { finishedAt: "2026-01-01T00:00:00.000Z" }), true);
  assert.deepEqual([getRun(db, id)?.status, getRun(db, id)?.finishedAt, ownerOf(db, id)], ["done", "2026-01-01T00:00:00.000Z", undefined]);
  const other = createRun(db, "batch", {}).id;
  claimRun(db, other, a, () => false);
  assert.equal(
    finishOrphanedRun(db, other, () => true, "cancelled", { error: "cancelled" }),
    true,
  );
  assert.deepEqual([getRun(db, other)?.status, ownerOf(db, other)], ["cancelled", undefined]);
  const third = createRun(db, "batch", {}).id;
  claimRun(db, third, a, () => false);
  releaseClaim(db, third, "b");
  assert.equal(ownerOf(db, third)?.token, "a", "only the holder releases");
  releaseClaim(db, third, "a");
  assert.equal(ownerOf(db, third), undefined);
  db.close();
});
