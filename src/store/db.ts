/**
 * Opens the SQLite store (better-sqlite3), applying pending migrations in one transaction. Several processes
 * may share a store (runs from two terminals, the web app's run processes): every connection waits for a
 * lock up to a bounded time (busy_timeout; AUDITLLM_BUSY_TIMEOUT_MS, default 15 s), writes that read first
 * take the write lock at once (IMMEDIATE transactions: a deferred one that upgrades is refused, not made to
 * wait), and a wait past the bound is a StoreBusyError that names the store.
 */
import Database from "better-sqlite3";
import { dirname } from "node:path";
import { ensureDir } from "./ensure-dir.js";
import { MIGRATIONS } from "./migrations.js";
import { storeFailure } from "./store-error.js";

export type Db = Database.Database;

export const DEFAULT_BUSY_TIMEOUT_MS = 15_000;

/** The store stayed locked by another process for longer than the busy timeout. */
export class StoreBusyError extends Error {
  override readonly name = "StoreBusyError";
}

export function busyTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const given = Number(env.AUDITLLM_BUSY_TIMEOUT_MS);
  return Number.isFinite(given) && given > 0 ? Math.round(given) : DEFAULT_BUSY_TIMEOUT_MS;
}

export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (path !== ":memory:") ensureDir(dirname(path), "the data folder (AUDITLLM_HOME)");
  const timeout = options.busyTimeoutMs ?? busyTimeoutMs();
  let db: Db;
  try {
    db = new Database(path, { timeout });
  } catch (error) {
    throw storeFailure(error, path);
  }
  const opened = db;
  try {
    return whenBusy(opened, timeout, () => openedStore(opened, timeout));
  } catch (error) {
    opened.close();
    throw storeFailure(error, path);
  }
}

function openedStore(db: Db, timeout: number): Db {
  // First: the pragmas below and the migrations may have to wait for another process that opens the store too.
  db.pragma(`busy_timeout = ${timeout}`);
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL survives a killed process (the OS keeps the writes); only a power cut may lose the last commits.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // Copy the WAL into the database every ~40 MB rather than every 4 MB (SQLite's default): each copy ends in
  // an fsync, which a batch run's hundreds of small group commits (a few pages each) met every few seconds:
  // half of the time the 300-question throughput bench spent committing. The WAL is folded in and removed
  // when the last connection closes.
  db.pragma("wal_autocheckpoint = 10000");
  // A 4 MiB page cache instead of better-sqlite3's 16 MiB: a batch run appends to its tables (the index of
  // call keys aside) and its reports read them in order, so the extra 12 MiB mostly held pages read once,
  // and a page missed is read back from the OS's cache. It was ~15 MB of a 20,000-row score-only run's peak
  // RSS (README, Speed).
  db.pragma("cache_size = -4096");
  migrate(db);
  return db;
}

/** Runs `work`, turning SQLite's "database is locked" into a StoreBusyError that says which store and how long. */
export function whenBusy<T>(db: Db, timeout: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asBusyError(db, error, timeout);
  }
}

/** SQLITE_BUSY (after the busy timeout) as a StoreBusyError; any other error as it is. */
export function asBusyError(db: Db, error: unknown, timeout = busyTimeoutMs()): unknown {
  const code = (error as { code?: string })?.code ?? "";
  if (!code.startsWith("SQLITE_BUSY") && !code.startsWith("SQLITE_LOCKED")) return error;
  return new StoreBusyError(`The store ${db.name} stayed locked by another process for more than ${Math.round(timeout / 1000)} s (${code}). Try again; set AUDITLLM_BUSY_TIMEOUT_MS to wait longer.`, {
    cause: error,
  });
}

function migrate(db: Db): void {
  // Read and applied under the write lock: two processes opening a new store at once migrate it once.
  db.transaction(() => {
    const applied = db.pragma("user_version", { simple: true }) as number;
    if (applied > MIGRATIONS.length) {
      throw new Error(`The database at ${db.name} was made by a newer auditllm (schema ${applied}, this one knows ${MIGRATIONS.length}). Upgrade auditllm.`);
    }
    if (applied === MIGRATIONS.length) return;
    for (let version = applied; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
