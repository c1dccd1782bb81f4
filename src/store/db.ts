/** Opens the SQLite store (better-sqlite3), applying pending migrations in one transaction. */
import Database from "better-sqlite3";
import { dirname } from "node:path";
import { ensureDir } from "./ensure-dir.js";
import { MIGRATIONS } from "./migrations.js";
import { storeFailure } from "./store-error.js";

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  if (path !== ":memory:") ensureDir(dirname(path), "the data folder (AUDITLLM_HOME)");
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma("journal_mode = WAL");
    // WAL + NORMAL survives a killed process (the OS keeps the writes); only a power cut may lose the last commits.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw storeFailure(error, path);
  }
}

function migrate(db: Db): void {
  const applied = db.pragma("user_version", { simple: true }) as number;
  if (applied > MIGRATIONS.length) {
    throw new Error(`The database at ${db.name} was made by a newer auditllm (schema ${applied}, this one knows ${MIGRATIONS.length}). Upgrade auditllm.`);
  }
  db.transaction(() => {
    for (let version = applied; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
