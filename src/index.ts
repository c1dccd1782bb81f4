/**
 * auditllm as a library: the use cases the CLI and the web app are built on.
 *
 *   import { audit } from "auditllm";
 *   const result = await audit("Where did fortune cookies originate?", { target: "ollama:llama3.2" });
 *   console.log(result.consistency);
 *
 * Pass `{ db: openDatabase(path) }` as the last argument to store runs (and resume batches); without it an
 * audit stores nothing. Test helpers (a scripted LLM server, a mock model): `auditllm/testing`.
 */
export { audit, auditQuestion, type AuditOptions, type AuditOutcome } from "./app/audit.js";
export {
  cancelBatch,
  DEFAULT_BATCH,
  resumeBatch,
  runBatch,
  startBatch,
  type BatchOutcome,
  type BatchSettings,
  type BatchSnapshot,
  type RunBatchOptions,
  type TargetSummary,
} from "./app/batch/index.js";
export type { AppDeps } from "./app/deps.js";
export { CancelledError, InputError, UsageError } from "./app/errors.js";
export { DEFAULT_METRIC_SPEC, metricSpecText, parseMetricSpec, type MetricSpec } from "./app/metric-spec.js";
export { auditMetrics, loadMetric, type MetricOptions } from "./app/metrics.js";
export { chooseModels, createModelPool, type ChosenModels, type DownloadPolicy, type ModelChoice, type ModelPool } from "./app/models.js";
export { compareRuns, COMPARE_MARGIN, type CompareOptions, type ComparedRun, type RunComparison } from "./app/compare.js";
export { parseFormats, report, REPORT_FORMATS, reportTo, writeJunitFile, writeRunReports } from "./app/reports.js";
export { auditResults, listRuns } from "./app/runs.js";
export { createScorer, score, scoreJsonl, type ScoredLine, type ScoreInput, type ScoreOptions, type ScoreOutput, type Scorer } from "./app/score.js";
export { databasePath } from "./config/paths.js";
export { AuditError, runAudit, type AuditDeps, type AuditEvents, type AuditInput } from "./core/audit.js";
export type { Answer, AuditConfig, AuditResult, CallSpec, Complete, Probe } from "./core/types.js";
export { ProviderError, type ProviderErrorKind } from "./providers/errors.js";
export { createEmbedder, createLanguageModel } from "./providers/registry.js";
export type { ChatMessage, Embedder, GenerateRequest, GenerateResult, LanguageModel } from "./providers/types.js";
export { toAuditJson, type AuditJson } from "./report/audit-json.js";
export type { SimilarityMetric } from "./similarity/types.js";
export { openDatabase, type Db, type RunRow } from "./store/index.js";
