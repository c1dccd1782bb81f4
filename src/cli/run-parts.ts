/** Pieces `ask` and `batch` (and `score`) share: checking an input file, and a run's journaled executor. */
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
  concurrency: number;
  /** Seconds. */
  timeout: number;
  retries: number;
}

/** The executor of a stored run: its calls journaled in the run, under the command's limits. */
export function runExecutor(db: Db, runId: string, pool: ModelPool, settings: CallSettings, extra: Pick<ExecutorOptions, "signal" | "onRetry"> = {}): Executor {
  return createExecutor({
    model: pool.forCall,
    journal: createCallJournal(db, runId),
    concurrency: settings.concurrency,
    timeoutMs: settings.timeout * 1000,
    retry: { ...DEFAULT_RETRY, maxRetries: settings.retries },
    ...extra,
  });
}
