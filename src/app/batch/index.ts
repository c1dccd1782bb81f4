/** Batch runs as use cases: start (stores the run, returns its id), resume, run, cancel. */
export { runBatch, type BatchOutcome, type BatchSnapshot, type RunBatchOptions, type TargetSummary } from "./run.js";
export { cancelBatch, isRunningHere } from "./running.js";
export { DEFAULT_BATCH, type BatchSettings } from "./settings.js";
export { resumeBatch, startBatch } from "./start.js";
export { cancelProviderBatches } from "./cancel-provider.js";
export type { ProviderWait } from "./submissions.js";
export { DEFAULT_FALLBACK, DEFAULT_POLL_SECONDS, type BatchFallback } from "./via-batch-api.js";
export { providerStatus } from "./provider-status.js";
