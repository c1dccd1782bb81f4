/**
 * The batch part of the server's shared state, made once per app and shared by its route modules: the
 * upload store, the runner of `auditllm batch` processes, the progress meter and the report page cache.
 */
import { dirname, join, resolve } from "node:path";
import { createBatchRunner, type BatchRunner } from "./runner.js";
import { createProgressMeter, type ProgressMeter } from "./progress.js";
import type { AppContext } from "../context.js";
import { createUploadStore, type UploadStore } from "./uploads.js";

export interface BatchContext {
  uploads: UploadStore;
  runner: BatchRunner;
  meter: ProgressMeter;
  /** Report pages already written, by run and state (see report-page.ts). */
  pages: Map<string, string>;
}

const made = new WeakMap<AppContext, BatchContext>();

export function batchContext(ctx: AppContext): BatchContext {
  let batch = made.get(ctx);
  if (!batch) {
    const options = ctx.deps.batch ?? {};
    const uploadDir = resolve(options.uploadDir ?? join(dirname(ctx.deps.db.name), "uploads"));
    batch = { uploads: createUploadStore(uploadDir, options.maxUploadBytes), runner: createBatchRunner(ctx, options), meter: createProgressMeter(), pages: new Map() };
    made.set(ctx, batch);
  }
  return batch;
}
