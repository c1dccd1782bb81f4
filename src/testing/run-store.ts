/**
 * For tests of several real processes on one store: the store of a test home read as a separate connection
 * (as another process would), waits on what it holds, and the questions file such tests feed `batch`.
 */
import Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Runs `read` on a fresh connection to the home's store (closed at once: it never holds a lock for long). */
export function peek<T>(home: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(home, "auditllm.db"), { timeout: 10_000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** A run's status, its lease holder's pid, and its questions done (undefined parts when absent). */
export function runState(home: string, runId?: string): { id?: string; status?: string; ownerPid?: number; done: number } {
  return peek(home, (db) => {
    const run = (runId ? db.prepare("SELECT id, status FROM runs WHERE id = ?").get(runId) : db.prepare("SELECT id, status FROM runs ORDER BY created_at DESC, rowid DESC LIMIT 1").get()) as
      | { id: string; status: string }
      | undefined;
    if (!run) return { done: 0 };
    const owner = db.prepare("SELECT pid FROM run_owners WHERE run_id = ?").get(run.id) as { pid: number } | undefined;
    const { done } = db.prepare("SELECT count(*) AS done FROM items WHERE run_id = ? AND status != 'pending'").get(run.id) as { done: number };
    return { id: run.id, status: run.status, ownerPid: owner?.pid, done };
  });
}

/** Reads `read()` every 20 ms until `done` holds; fails after `ms` with what it last read. */
export async function waitFor<T>(what: string, read: () => T | Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    let value: T | undefined;
    try {
      value = await read();
      if (done(value)) return value;
    } catch (error) {
      if (Date.now() > end) throw error;
    }
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}; last read: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A .txt of `n` distinct questions in `dir`; its path. */
export function questionsFile(dir: string, n: number, name = "questions.txt", topic = "owls"): string {
  const path = join(dir, name);
  writeFileSync(path, `${Array.from({ length: n }, (_, i) => `What is fact ${i + 1} about ${topic}?`).join("\n")}\n`);
  return path;
}
