/**
 * Who works a run: a lease in the store (run_owners), one owner at a time. The owner renews it (heartbeat) and
 * releases it when it stops; a claim over a lease that is still live is refused, one over a stale lease (the
 * caller says what stale is) takes it over. Claims and ends are compare-and-set in IMMEDIATE transactions, so
 * two processes claiming at once get one owner, and a process that lost its lease can no longer end the run.
 */
import type { Db } from "./db.js";
import { redactMaybe } from "./redact.js";
import type { RunStatus } from "./runs.js";

export interface RunOwner {
  runId: string;
  token: string;
  pid: number;
  host: string;
  /** When this owner took the run (ISO 8601). */
  since: string;
  /** Epoch milliseconds of its last heartbeat. */
  heartbeatMs: number;
  cancelRequested: boolean;
}

export interface Claimant {
  token: string;
  pid: number;
  host: string;
}

interface RawOwner {
  run_id: string;
  token: string;
  pid: number;
  host: string;
  since: string;
  heartbeat_ms: number;
  cancel_requested: number;
}

const toOwner = (raw: RawOwner): RunOwner => ({
  runId: raw.run_id,
  token: raw.token,
  pid: raw.pid,
  host: raw.host,
  since: raw.since,
  heartbeatMs: raw.heartbeat_ms,
  cancelRequested: raw.cancel_requested === 1,
});

export function ownerOf(db: Db, runId: string): RunOwner | undefined {
  const raw = db.prepare("SELECT * FROM run_owners WHERE run_id = ?").get(runId) as RawOwner | undefined;
  return raw ? toOwner(raw) : undefined;
}

export type Claim = { ok: true; tookOver?: RunOwner } | { ok: false; owner: RunOwner };

/**
 * Takes the run for `claimant` unless another owner's lease is live (`isStale` says it is not). The same token
 * again (a process handed the lease by the one that started it) adopts the lease, keeping a cancel request.
 */
export function claimRun(db: Db, runId: string, claimant: Claimant, isStale: (owner: RunOwner) => boolean, now: number = Date.now()): Claim {
  return db
    .transaction((): Claim => {
      const current = ownerOf(db, runId);
      const mine = current?.token === claimant.token;
      if (current && !mine && !isStale(current)) return { ok: false, owner: current };
      db.prepare(
        `INSERT INTO run_owners (run_id, token, pid, host, since, heartbeat_ms, cancel_requested) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host, since = excluded.since,
           heartbeat_ms = excluded.heartbeat_ms, cancel_requested = excluded.cancel_requested`,
      ).run(runId, claimant.token, claimant.pid, claimant.host, new Date(now).toISOString(), now, mine && current.cancelRequested ? 1 : 0);
      return current && !mine ? { ok: true, tookOver: current } : { ok: true };
    })
    .immediate();
}

/** Renews the lease; `owned` is false when another process has taken the run over. */
export function renewClaim(db: Db, runId: string, token: string, now: number = Date.now()): { owned: boolean; cancelRequested: boolean } {
  const row = db.prepare("UPDATE run_owners SET heartbeat_ms = ? WHERE run_id = ? AND token = ? RETURNING cancel_requested").get(now, runId, token) as { cancel_requested: number } | undefined;
  return { owned: row !== undefined, cancelRequested: row?.cancel_requested === 1 };
}

/** Gives the run up (only the holder of `token` can). */
export function releaseClaim(db: Db, runId: string, token: string): void {
  db.prepare("DELETE FROM run_owners WHERE run_id = ? AND token = ?").run(runId, token);
}

/** Asks the run's owner, wherever it runs, to stop it resumably; false when the run has no owner. */
export function requestCancel(db: Db, runId: string): boolean {
  return db.prepare("UPDATE run_owners SET cancel_requested = 1 WHERE run_id = ?").run(runId).changes > 0;
}

/**
 * Ends a run as its owner: stores its status and releases the lease in one transaction, only while `token`
 * still holds the lease (false otherwise: another process has taken the run over and goes on with it).
 */
export function finishOwnedRun(
  db: Db,
  runId: string,
  token: string,
  status: Exclude<RunStatus, "running">,
  details: { summary?: Record<string, unknown>; error?: string; finishedAt?: string } = {},
): boolean {
  return db
    .transaction((): boolean => {
      if (ownerOf(db, runId)?.token !== token) return false;
      db.prepare("UPDATE runs SET status = ?, finished_at = ?, summary = ?, error = ? WHERE id = ?").run(
        status,
        details.finishedAt ?? new Date().toISOString(),
        details.summary ? JSON.stringify(details.summary) : null,
        redactMaybe(details.error) ?? null,
        runId,
      );
      releaseClaim(db, runId, token);
      return true;
    })
    .immediate();
}

/**
 * Ends a run that no live process owns (its owner died, or it never had one): `isStale` judges the lease, if
 * any. False when a live owner holds it (it must be asked to stop instead: requestCancel) or the run is not running.
 */
export function finishOrphanedRun(
  db: Db,
  runId: string,
  isStale: (owner: RunOwner) => boolean,
  status: Exclude<RunStatus, "running">,
  details: { summary?: Record<string, unknown>; error?: string } = {},
): boolean {
  return db
    .transaction((): boolean => {
      const owner = ownerOf(db, runId);
      if (owner && !isStale(owner)) return false;
      const changed = db
        .prepare("UPDATE runs SET status = ?, finished_at = ?, summary = coalesce(?, summary), error = ? WHERE id = ? AND status = 'running'")
        .run(status, new Date().toISOString(), details.summary ? JSON.stringify(details.summary) : null, redactMaybe(details.error) ?? null, runId).changes;
      db.prepare("DELETE FROM run_owners WHERE run_id = ?").run(runId);
      return changed > 0;
    })
    .immediate();
}
