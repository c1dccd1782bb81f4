/** Pieces every use case shares: checking an input file, and a run's journaled executor under the call limits. */
import { statSync } from "node:fs";
import { createExecutor, type Executor, type ExecutorOptions } from "../calls/executor.js";
import { DEFAULT_RETRY } from "../providers/retry.js";
import { createCallJournal, type Db } from "../store/index.js";
import { InputError } from "./errors.js";
import type { ModelPool } from "./models.js";

/** Throws a clear InputError unless `path` is an existing file. */
export function checkInputFile(path: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError(`No such file: ${path}`);
  }
  if (!isFile) throw new InputError(`${path} is not a file.`);
}

export interface CallSettings {
  /** Calls in flight at once per provider server. */
  concurrency: number;
  /** Seconds. */
  timeout: number;
  retries: number;
}

export const DEFAULT_CALLS: CallSettings = { concurrency: 4, timeout: 120, retries: 3 };

/** The executor of a run: its calls journaled in the run when there is a store, under the run's limits. */
export function runExecutor(db: Db | undefined, runId: string | undefined, pool: ModelPool, settings: CallSettings, extra: Pick<ExecutorOptions, "signal" | "onRetry"> = {}): Executor {
  return createExecutor({
    model: pool.forCall,
    journal: db && runId ? createCallJournal(db, runId) : undefined,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeout * 1000,
    retry: { ...DEFAULT_RETRY, maxRetries: settings.retries },
    ...extra,
  });
}
