/**
 * The audit of one question as a use case: choose the models, write probes, get answers, score them, and
 * store the run when there is a store. `audit()` returns the documented `ask --json` object; `auditQuestion()`
 * the full result for renderers (the CLI's terminal report).
 */
import { runAudit, type AuditEvents } from "../core/audit.js";
import type { AuditConfig, AuditResult, Complete } from "../core/types.js";
import { redactUrl } from "../providers/endpoints.js";
import type { LanguageModel } from "../providers/types.js";
import { toAuditJson, type AuditJson } from "../report/audit-json.js";
import { answerLabel } from "../report/terminal.js";
import type { CallJournal } from "../calls/journal.js";
import type { Embedder } from "../providers/types.js";
import type { SimilarityMetric } from "../similarity/types.js";
import { addItem, createCallJournal, createRun, finishItem, finishRun, saveResult, type AskRunConfig } from "../store/index.js";
import { envOf, type AppDeps } from "./deps.js";
import { CancelledError, UsageError } from "./errors.js";
import { DEFAULT_CALLS, runExecutor, type CallSettings } from "./executor.js";
import { judgeOf, metricSpecText, parseMetricSpec, type MetricSpec } from "./metric-spec.js";
import { auditMetrics, checkMetric } from "./metrics.js";
import { chooseModels, createModelPool, proberBaseUrl, type ModelChoice } from "./models.js";
import { takeOwnership, type Ownership } from "./owner.js";

export interface AuditOptions extends ModelChoice, Partial<CallSettings> {
  /** How many probes the prober writes (default 5), or your own probes (no prober call). */
  probes?: number | string[];
  /** Answers per prompt (default 1); with ≥ 2 sampling noise is told apart from paraphrase sensitivity. */
  samples?: number;
  /** Target temperature (default 0.5). */
  temperature?: number;
  /** Longest answer in tokens (default 512). */
  maxTokens?: number;
  diversity?: AuditConfig["diversity"];
  /** `hybrid` (default), `lexical`, `embedding:<model-id>`, `judge:<model-id>`, … or a parsed spec. */
  metric?: string | MetricSpec;
  /** Model instances to use for their ids instead of building them (e.g. a mock model in tests). */
  models?: LanguageModel[];
  /** Cancels the calls under way; the run is then stored as cancelled. */
  signal?: AbortSignal;
  /** Hears the audit as it goes (probes written, answers streaming and finished). */
  events?: AuditEvents;
}

/** What a surface adds to an audit (the web app: its own metrics, probe drafts, stored extras). */
export interface AuditHooks {
  /** Stored with the run's settings (e.g. `via: "web"`, the server's redacted base URL). */
  runInfo?: Record<string, unknown>;
  /** The run is stored: its id, before any call. */
  onRun?(runId: string): void;
  /** Writes calls made before the run existed (the page's probe draft) into the run's journal, so they are not made again. */
  priorCalls?(journal: CallJournal): void;
  /** Builds the metrics instead of the spec's own (the server's injected loader). */
  metrics?(context: { wrapEmbedder(embedder: Embedder): Embedder; complete: Complete }): { metric: SimilarityMetric; probeMetric: SimilarityMetric };
  /** Adjusts the result before it is stored (the page credits probes the prober wrote and the user kept). */
  finish?(result: AuditResult): void;
}

export interface AuditOutcome {
  /** The stored run's id (undefined without a store). */
  runId?: string;
  result: AuditResult;
}

const redactOptional = (url: string | undefined) => (url ? redactUrl(url) : undefined);

export async function auditQuestion(question: string, options: AuditOptions & AuditHooks = {}, deps: AppDeps = {}): Promise<AuditOutcome> {
  const env = envOf(deps);
  const own = Array.isArray(options.probes) ? options.probes : undefined;
  const probeCount = own?.length ?? (typeof options.probes === "number" ? options.probes : 5);
  const samples = options.samples ?? 1;
  if (!question.trim()) throw new UsageError("The question is empty.");
  if (probeCount === 0 && samples < 2) throw new UsageError("With --probes 0 there is only one prompt: ask for --samples 2 or more, or give probes.");
  const spec = typeof options.metric === "object" ? options.metric : parseMetricSpec(options.metric ?? "hybrid");
  // An embedding metric without its key fails now, before a run is stored for it.
  if (!options.metrics) checkMetric(spec, env, spec.kind === "embedding" && options.target?.startsWith(`${spec.provider}:`) ? options.baseUrl : undefined);
  const choice: ModelChoice = { ...options, target: options.target ?? options.models?.[0]?.id };
  const chosen = {
    ...(await chooseModels(
      choice,
      env,
      options.models?.map((m) => m.id),
    )),
    judge: judgeOf(spec),
  };
  if (chosen.targets.length > 1) throw new UsageError("ask audits one target; use `auditllm batch` to compare several.");
  chosen.notes.forEach((note) => deps.onNote?.(note));
  const pool = await createModelPool(chosen, choice, env, deps.download, options.models);
  const config: AuditConfig = {
    target: chosen.targets[0]!,
    prober: chosen.prober,
    probeCount,
    samples,
    temperature: options.temperature ?? 0.5,
    proberTemperature: 0,
    maxTokens: options.maxTokens ?? 512,
    diversity: options.diversity ?? "medium",
  };
  const { db } = deps;
  const signal = options.signal;
  let runId: string | undefined;
  let owner: Ownership | undefined;
  try {
    if (db) {
      const urls = { baseUrl: redactOptional(options.baseUrl), proberBaseUrl: redactOptional(proberBaseUrl(chosen, choice)) };
      const stored: AskRunConfig = { ...config, metric: metricSpecText(spec), ...urls, ...options.runInfo };
      runId = createRun(db, "ask", stored).id;
      // Held while it runs, so a listing tells a live audit from one whose process died (interrupted).
      owner = await takeOwnership(db, runId, { env });
      addItem(db, runId, 0, question.trim());
      options.onRun?.(runId);
      options.priorCalls?.(createCallJournal(db, runId));
    }
    const calls = { ...DEFAULT_CALLS, ...definedOnly(options) };
    const executor = runExecutor(db, runId, pool, calls, {
      signal,
      onRetry: (e) => deps.onProgress?.(`${e.error.message} Retrying in ${(e.delayMs / 1000).toFixed(1)} s…`),
    });
    // The target's --base-url serves an embedding metric only when it is the same provider's.
    const metricUrl = spec.kind === "embedding" && spec.provider === config.target.split(":")[0] ? options.baseUrl : undefined;
    const context = { wrapEmbedder: executor.embedder, complete: executor.complete };
    const metrics = options.metrics ? options.metrics(context) : auditMetrics(spec, { env, allowDownload: deps.download?.allowDownload, baseUrl: metricUrl, onNote: deps.onNote, ...context });
    let answered = 0;
    deps.onProgress?.(own?.length ? "Scoring your probes…" : `Writing ${config.probeCount} probes with ${config.prober}…`);
    const result = await runAudit(
      {
        question,
        config,
        probes: own,
        events: {
          ...options.events,
          onProbes: (probes) => {
            deps.onProgress?.(`Answering ${(probes.length + 1) * config.samples} prompts with ${config.target}… 0 done`);
            options.events?.onProbes?.(probes);
          },
          onAnswer: (index, answer) => {
            deps.onProgress?.(`Answering with ${config.target}… ${++answered} done (last: ${answerLabel(answer, config.samples)})`);
            options.events?.onAnswer?.(index, answer);
          },
        },
      },
      { complete: executor.complete, ...metrics },
    );
    if (signal?.aborted) throw new CancelledError();
    options.finish?.(result);
    if (db && runId) {
      saveResult(db, runId, 0, config.target, result.scores.consistency, result);
      finishItem(db, runId, 0, "done", { probes: result.probes });
      finishRun(db, runId, "done", { summary: { question: result.question, target: config.target, consistency: result.scores.consistency ?? null } });
    }
    return { runId, result };
  } catch (error) {
    const cancelled = Boolean(signal?.aborted);
    const summary = { question: question.trim(), target: config.target, consistency: null };
    if (db && runId) finishRun(db, runId, cancelled ? "cancelled" : "failed", { summary, error: cancelled ? "cancelled" : (error as Error).message });
    if (cancelled) throw new CancelledError(runId ? `Cancelled: run ${runId} is stored as cancelled, with the calls that finished.` : undefined);
    throw error;
  } finally {
    owner?.release();
    await pool.close();
  }
}

/** Audits one question and returns the `ask --json` object (consistency, probes, answers, pairwise scores, …). */
export async function audit(question: string, options: AuditOptions = {}, deps: AppDeps = {}): Promise<AuditJson> {
  const { runId, result } = await auditQuestion(question, options, deps);
  return toAuditJson(result, runId);
}

function definedOnly(options: Partial<CallSettings>): Partial<CallSettings> {
  const out: Partial<CallSettings> = {};
  if (options.concurrency !== undefined) out.concurrency = options.concurrency;
  if (options.timeout !== undefined) out.timeout = options.timeout;
  if (options.retries !== undefined) out.retries = options.retries;
  return out;
}
