/**
 * Group commits: the writes asked for while the event loop handles one batch of I/O are written in one
 * transaction on the next turn (setImmediate), and each caller's promise resolves only once its write is in.
 * One queue per database, shared by every writer of a run's hot path (the call journal, finished questions):
 * a transaction ends in a WAL write, and a batch run makes thousands of small ones.
 */
import type { Db } from "./db.js";

export interface GroupCommit {
  /** Queues a write for the next group commit; resolves once it is committed (rejects if the commit fails). */
  write(write: () => void): Promise<void>;
  /** Commits the waiting writes now. */
  flush(): void;
  /** What the waiting writes will store, by a writer's own key: readers find it before the commit. Emptied by each commit. */
  readonly waiting: Map<string, unknown>;
  /** Whether a commit is due (writes wait for it). */
  readonly pending: boolean;
}

const groups = new WeakMap<Db, GroupCommit>();

export function groupCommit(db: Db): GroupCommit {
  let group = groups.get(db);
  if (!group) {
    const writes: (() => void)[] = [];
    const waiting = new Map<string, unknown>();
    let committed: Promise<void> | undefined;
    const flush = () => {
      if (writes.length === 0 || !db.open) return;
      const batch = writes.splice(0);
      try {
        db.transaction(() => {
          for (const write of batch) write();
        }).immediate();
      } finally {
        waiting.clear();
      }
    };
    group = {
      waiting,
      flush,
      get pending() {
        return writes.length > 0;
      },
      write(write) {
        writes.push(write);
        committed ??= new Promise<void>((resolve, reject) =>
          setImmediate(() => {
            committed = undefined;
            try {
              flush();
              resolve();
            } catch (error) {
              reject(error);
            }
          }),
        );
        return committed;
      },
    };
    groups.set(db, group);
  }
  return group;
}
