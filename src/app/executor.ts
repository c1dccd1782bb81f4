/** Pieces every use case shares: checking an input file, and a run's journaled executor under the call limits. */
import { statSync, type Stats } from "node:fs";
import { createExecutor, type Executor, type ExecutorOptions } from "../calls/executor.js";
import { limits } from "../config/limits.js";
import { DEFAULT_RETRY } from "../providers/retry.js";
import { createCallJournal, type Db } from "../store/index.js";
import { InputError } from "./errors.js";
import type { ModelPool } from "./models.js";

/** Throws a clear InputError unless `path` is an existing file. */
export function checkInputFile(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" || code === "ENOTDIR" ? `No such file: ${path}` : `${path} cannot be read (${(error as Error).message}).`);
  }
  if (stats.isDirectory()) throw new InputError(`${path} is a folder, not a file.`);
  if (!stats.isFile()) throw new InputError(`${path} is not a regular file.`);
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
export function runExecutor(
  db: Db | undefined,
  runId: string | undefined,
  pool: ModelPool,
  settings: CallSettings,
  extra: Pick<ExecutorOptions, "signal" | "onRetry"> & { holds?: () => boolean } = {},
): Executor {
  const { holds, ...options } = extra;
  return createExecutor({
    model: pool.forCall,
    journal: db && runId ? createCallJournal(db, runId, { holds }) : undefined,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeout * 1000,
    retry: { ...DEFAULT_RETRY, maxRetries: settings.retries, maxDelayMs: limits().maxRetryDelaySeconds * 1000 },
    maxAnswerChars: limits().maxAnswerChars,
    ...options,
  });
}
