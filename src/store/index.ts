export { asBusyError, busyTimeoutMs, openDatabase, StoreBusyError, type Db } from "./db.js";
export { addItem, createRun, finishItem, finishRun, getResults, getRun, listRuns, newRunId, runOutcome, runQuestion, saveResult, type RunKind, type RunRow, type RunStatus } from "./runs.js";
export { createCallJournal } from "./call-journal.js";
export { groupCommit, type GroupCommit } from "./group-commit.js";
export { getResultRow, queryResults, RESULT_SORTS, runCategories, type ResultListRow, type ResultQuery, type ResultSort } from "./browse.js";
export { reuseProbes } from "./probes-from.js";
export { pairedScores, runTargets, type PairedScore, type PairedScores } from "./compare.js";
export {
  addItems,
  addSkipped,
  batchRows,
  completeItem,
  itemCounts,
  itemsNeedingCalls,
  reopenRun,
  skippedRows,
  targetSummaries,
  unfinishedItems,
  updateRunConfig,
  type StoredItem,
  type TargetOutcome,
  type TargetSummary,
} from "./batch.js";
export { batchRow, type BatchRow, type InputRow, type Reference } from "./rows.js";
export { askConfigOf, askRunConfigSchema, batchConfigOf, batchRunConfigSchema, StoredConfigError, type AskRunConfig, type BatchRunConfig } from "./run-config.js";
export { redact, redactDeep, redactor, secretsOf, REDACTED } from "./redact.js";
export { ensureDir, OutputPathError } from "./ensure-dir.js";
export { StoreError } from "./store-error.js";
export { claimRun, finishOrphanedRun, finishOwnedRun, ownerOf, releaseClaim, renewClaim, requestCancel, type Claim, type Claimant, type RunOwner } from "./owners.js";
export {
  callState,
  getSubmission,
  ingestSubmission,
  lastStage,
  openSubmissions,
  recordSubmission,
  runSubmissions,
  submissionRequests,
  updateSubmission,
  type CallState,
  type NewSubmission,
  type SubmissionCounts,
  type SubmissionResult,
  type SubmissionRow,
} from "./submissions.js";
export { estimateTokens, runUsage, type UsageTally } from "./usage.js";
