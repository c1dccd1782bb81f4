/** Batch runs as use cases: start (stores the run, returns its id), resume, run, cancel. */
export { runBatch, type BatchOutcome, type BatchSnapshot, type RunBatchOptions, type TargetSummary } from "./run.js";
export { cancelBatch, isRunningHere } from "./running.js";
export { DEFAULT_BATCH, type BatchSettings } from "./settings.js";
export { resumeBatch, startBatch } from "./start.js";
