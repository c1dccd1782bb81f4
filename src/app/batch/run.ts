/**
 * Working through a stored batch run: read its input into the store (once), audit every unfinished question
 * against every target on the same probes, stream results.jsonl as questions finish, then write all reports
 * from the store. Everything durable is in the store, so a run stopped at any moment continues exactly.
 */
import { inputLimits } from "../../config/limits.js";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ingest } from "../../batch/ingest.js";
import { GIVEN_TARGET } from "../../batch/item.js";
import { takingTurns, turnQueue } from "../../batch/turn-taking.js";
import { openInput } from "../../batch/input/index.js";
import { runPass } from "../../batch/pass.js";
import { processBatch, type BatchWork } from "../../batch/run.js";
import type { LaneState } from "../../calls/scheduler.js";
import type { AuditConfig, Complete } from "../../core/types.js";
import { REPORT_FILES } from "../../report/batch/index.js";
import { clearMemos, isGloveCacheBuilt, METRIC_NAMES } from "../../similarity/index.js";
import { cacheDir } from "../../config/paths.js";
import { jsonlRecord } from "../../report/batch/jsonl.js";
import {
  batchConfigOf,
  batchRow,
  ensureDir,
  getRun,
  groupCommit,
  itemCounts,
  itemsNeedingCalls,
  openSubmissions,
  redactor,
  reuseProbes,
  secretsOf,
  targetSummaries,
  updateRunConfig,
  type BatchRunConfig,
  type Db,
  type GroupCommit,
} from "../../store/index.js";
import { envOf, type AppDeps } from "../deps.js";
import { AllFailedError, CancelledError, InputError } from "../errors.js";
import { runExecutor, type CallSettings } from "../executor.js";
import { judgeOf, parseMetricSpec } from "../metric-spec.js";
import { auditMetrics } from "../metrics.js";
import { baseUrlFor, createModelPool, noModels, proberBaseUrl, type ModelPool } from "../models.js";
import { takeOwnership, type Ownership } from "../owner.js";
import { writeRunReports } from "../reports.js";
import { register, takeModelNotes } from "./running.js";
import { liveResultsFile, type LiveResults } from "./live-results.js";
import { isGivenOnly } from "./settings.js";
import type { ProviderWait } from "./submissions.js";
import { DEFAULT_FALLBACK, DEFAULT_POLL_SECONDS, runViaBatchApi } from "./via-batch-api.js";

/** What a progress display reads, as often as it likes. */
export interface BatchSnapshot {
  done: number;
  failed: number;
  total: number;
  calls: number;
  rateLimited: number;
  lanes: LaneState[];
  /** --via batch-api: the provider batches being waited on, with their status and counts. */
  provider?: ProviderWait;
}

export interface RunBatchOptions extends Partial<CallSettings> {
  /** Where the reports go (default: the run's own, else ./auditllm-<run-id>). */
  out?: string;
  /** Stops the run resumably (as cancelBatch does). */
  signal?: AbortSignal;
  /** --max-cost given again (a resume with a larger budget). */
  maxCost?: number;
  /** --via batch-api: seconds between polls of the provider (default: the run's own, else 30). */
  pollSeconds?: number;
  /** Starts a progress display once the work begins; returns what stops it. */
  progress?(snapshot: () => BatchSnapshot): () => void;
  /** Wait while another process works the run, instead of refusing (RunOwnedError). */
  waitForOwner?: boolean;
  /** The run's lease, taken for this process by the one that started it (the web server). */
  ownerToken?: string;
}

import type { TargetSummary } from "../../store/index.js";
import type { SimilarityMetric } from "../../similarity/types.js";
import { scoreJob, type AuditDeps } from "../../core/audit.js";
import type { RunCost } from "../../batch/types.js";
import { runCost } from "../../batch/usage.js";
import { priceTableSchema } from "../../batch/prices.js";
import { BudgetError, budgeted } from "./budget.js";

export type { TargetSummary };

export interface BatchOutcome {
  runId: string;
  /** True when the run had finished already (the same input and settings again): no call was made. */
  complete: boolean;
  out: string;
  files: string[];
  targets: TargetSummary[];
  /** With --probes-from: the run the probes came from, and for how many questions. */
  probesFrom?: { runId: string; reused: number };
  /** Tokens and cost of the run's calls (with the saving of --via batch-api). */
  cost: RunCost;
}

export async function runBatch(runId: string, deps: AppDeps, options: RunBatchOptions = {}): Promise<BatchOutcome> {
  if (!deps.db) throw new Error("batch runs need a store (deps.db)");
  const db = deps.db;
  if (!getRun(db, runId)) throw new InputError(`No run ${runId}; \`auditllm runs\` lists them.`);
  // One owner per run: another live process working it makes this one refuse (or wait, with waitForOwner).
  const owner = await takeOwnership(db, runId, { wait: options.waitForOwner, onWait: deps.onNote, signal: options.signal, token: options.ownerToken, env: deps.env });
  try {
    // Read once owned: a run finished by the owner waited for is complete here.
    const run = getRun(db, runId)!;
    const config = batchConfigOf(run);
    if (run.status === "done") return await reportComplete(db, runId, config, deps, options);
    if (options.maxCost && options.maxCost !== config.maxCost) {
      config.maxCost = options.maxCost;
      updateRunConfig(db, runId, { maxCost: options.maxCost });
    }
    return await work(db, runId, config, deps, options, owner);
  } finally {
    owner.release();
  }
}

async function work(db: Db, runId: string, config: BatchRunConfig, deps: AppDeps, options: RunBatchOptions, owner: Ownership): Promise<BatchOutcome> {
  const registered = register(runId, options.signal ? AbortSignal.any([options.signal, owner.signal]) : owner.signal);
  const { signal } = registered;
  // The run's own limits, unless given again.
  const calls: CallSettings = { concurrency: options.concurrency ?? config.concurrency ?? 8, timeout: options.timeout ?? config.timeout ?? 120, retries: options.retries ?? config.retries ?? 3 };
  // The run's own servers (a resume has no --base-url of its own).
  const chosen = { targets: config.targets, prober: config.prober, notes: [] };
  const servers = { baseUrl: config.baseUrl, proberBaseUrl: config.proberBaseUrl };
  const env = envOf(deps);
  let pool: ModelPool | undefined;
  try {
    if (!config.ingested) await ingestInput(db, runId, config, deps);
    const counts = itemCounts(db, runId);
    if (config.probesFrom !== undefined && config.probesReused === undefined) {
      config.probesReused = reuseProbes(db, runId, config.probesFrom);
      updateRunConfig(db, runId, { probesReused: config.probesReused });
      const fresh = counts.total - config.probesReused;
      deps.onNote?.(`Reused the probes of run ${config.probesFrom} for ${config.probesReused} of ${counts.total} questions${fresh ? `; the prober writes probes for the other ${fresh}` : ""}.`);
    }
    if (counts.total === 0) throw new InputError(`${config.input} has no usable question${config.skipped ? ` (${config.skipped} rows skipped)` : ""}.`);
    const spec = parseMetricSpec(config.metric);
    const judge = judgeOf(spec);
    // Rows that bring their answers need no model: a file of only those never loads or downloads one.
    const needsTargets = itemsNeedingCalls(db, runId) > 0;
    if (!needsTargets && !isGivenOnly(config)) {
      config.targets = [GIVEN_TARGET];
      updateRunConfig(db, runId, { targets: config.targets });
    }
    const notes = takeModelNotes(runId);
    if (needsTargets) notes.forEach((note) => deps.onNote?.(note));
    else deps.onNote?.(`Every question of ${config.input} brings its answers: they are scored as given, no model answers${judge ? ` (${judge} judges them)` : ""}.`);
    pool = needsTargets || judge ? await createModelPool({ ...chosen, judge }, servers, env, deps.download) : noModels();
    const executor = runExecutor(db, runId, pool, calls, { signal, holds: owner.holds });
    // The call function of the moment: the executor's, or (--via batch-api) each pass's own; the judge uses it too.
    const budget = config.maxCost ? budgeted(executor.complete, { db, runId, maxCost: config.maxCost, prices: priceTableSchema.safeParse(config.prices).data }) : undefined;
    let current: Complete = budget?.complete ?? executor.complete;
    const complete: Complete = (callSpec, stream) => current(callSpec, stream);
    const metricUrl = spec.kind === "embedding" ? baseUrlFor(spec.model, chosen, servers) : undefined;
    const metrics = auditMetrics(spec, { env, allowDownload: deps.download?.allowDownload, baseUrl: metricUrl, onNote: deps.onNote, wrapEmbedder: executor.embedder, complete });
    // The word vectors: building their cache takes seconds, so that is done before any call is in flight;
    // loading a built one (~70 ms) waits for a scoring turn (below), taken once the first calls are out.
    const local = computesHere(metrics.probeMetric);
    if (local && !isGloveCacheBuilt(cacheDir(env))) await metrics.probeMetric.pairwise(["warm", "up"]);
    const progress = { done: counts.done, failed: 0 };
    // results.jsonl grows as questions finish (the ones finished before a resume first); at the end all
    // reports are written again from the store, in input order.
    const out = resolve(options.out ?? config.out ?? `auditllm-${runId}`);
    if (out !== config.out) updateRunConfig(db, runId, { out });
    ensureDir(out, "the output folder");
    const live = await liveResults(db, runId, out);
    let waiting: ProviderWait | undefined;
    const stopProgress = options.progress?.(() => {
      const stats = executor.stats();
      return { done: progress.done, failed: progress.failed, total: counts.total, calls: stats.sent, rateLimited: stats.rateLimited, lanes: executor.scheduler.states(), provider: waiting };
    });
    // What the run stores and streams is redacted of the secrets its environment held as it began (the
    // journal's are those too), not read again for every question.
    const clean = redactor(secretsOf(process.env, env === process.env ? [] : secretsOf(env)));
    const work: BatchWork = {
      db,
      runId,
      redact: clean,
      targets: config.targets,
      config: auditConfig(config),
      deps: { complete, ...inTurns(metrics, groupCommit(db)) },
      window: Math.max(8, 2 * calls.concurrency),
      signal,
      onItem: async (item, outcome) => {
        progress.done++;
        if (outcome.outcomes.some((o) => o.error)) progress.failed++;
        // Redacted as the store's copy is (an answer or error that echoes the API key): the lines stay in the
        // file until the run's end writes it again from the store, and for good if the run is killed.
        await live.add(clean(outcome.outcomes.map((o) => `${JSON.stringify(jsonlRecord(batchRow(item.idx, item.row, o.target, o)))}\n`).join("")));
      },
    };
    // Errors are the first real comparison's to report.
    if (local) work.deps.probeMetric?.pairwise(["warm", "up"]).catch(() => {});
    try {
      if (config.via === "batch-api") {
        if (config.maxCost) deps.onNote?.("--max-cost applies to live runs: a provider batch's cost is known only when it ends (the report states it).");
        await runViaBatchApi({
          db,
          runId,
          env,
          live: executor,
          limits: { maxRequests: config.batchMaxRequests, maxBytes: config.batchMaxBytes },
          baseUrlOf: (call) => (call.role === "probe" ? proberBaseUrl(chosen, servers) : baseUrlFor(call.model, chosen, servers)),
          fallback: config.batchFallback ?? DEFAULT_FALLBACK,
          pollMs: (options.pollSeconds ?? config.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000,
          signal,
          pass: (passComplete) => {
            current = passComplete;
            return runPass(work);
          },
          onWait: (wait) => void (waiting = wait),
        });
      } else await processBatch(work);
    } catch (error) {
      // Calls already sent are paid for: their answers go in the journal before the run stops.
      if (error instanceof BudgetError) await budget?.settled();
      throw error;
    } finally {
      stopProgress?.();
      await live.close();
      // The scoring is over: what the similarity work kept of this run's texts goes before the reports are
      // written (they read every row again), and a long-lived process (the web server) keeps none of it.
      clearMemos();
    }
    if (owner.lost()) throw owner.signal.reason;
    if (signal.aborted) {
      owner.finish("cancelled", { error: "cancelled" });
      const atProvider = openSubmissions(db, runId).filter((s) => s.batchId);
      if (atProvider.length) {
        const ids = atProvider.map((s) => s.batchId).join(", ");
        throw new CancelledError(
          `Stopped: run ${runId} is saved; its provider batches keep running (${ids}). Collect their results with: auditllm batch --resume ${runId} (or cancel them at the provider: auditllm batch --cancel ${runId})`,
        );
      }
      throw new CancelledError(`Stopped: run ${runId} is saved. Continue it with: auditllm batch --resume ${runId}`);
    }
    const summaries = targetSummaries(db, runId);
    const cost = costOf(db, runId, config);
    const usage = { calls: cost.calls, inputTokens: cost.inputTokens, outputTokens: cost.outputTokens, usd: cost.cost, liveUsd: cost.liveCost };
    const summary = { questions: counts.total, skipped: config.skipped ?? 0, targets: summaries, usage };
    // No question audited by any target, and at least one failure: the run failed, whatever it wrote.
    const allFailed = summaries.every((s) => s.audited + s.noScore === 0) && summaries.some((s) => s.failed > 0);
    const final = { status: allFailed ? ("failed" as const) : ("done" as const), finishedAt: new Date().toISOString() };
    // The reports first, then "done": a run stopped in between is still unfinished, and the same command writes them.
    const files = await writeRunReports(db, runId, out, undefined, { ...final, cost });
    if (allFailed) {
      const error = `Every question failed (${counts.total} of ${counts.total})${firstItemError(db, runId)}. Reports in ${out}; resume with: auditllm batch --resume ${runId}`;
      if (!owner.finish("failed", { summary, error, finishedAt: final.finishedAt })) throw owner.signal.reason;
      throw new AllFailedError(error);
    }
    if (!owner.finish("done", { summary, finishedAt: final.finishedAt })) throw owner.signal.reason;
    return { runId, complete: false, out, files, targets: summaries, cost, ...probesFromOf(config) };
  } catch (error) {
    // A run another process has taken over is that process's to end; a refused or cancelled one is as it was stored.
    if (!(error instanceof CancelledError || error instanceof AllFailedError || owner.lost())) owner.finish("failed", { error: (error as Error).message });
    throw error;
  } finally {
    registered.done();
    await pool?.close();
  }
}

/** ": <the first question's error>" (for the message of a run whose every question failed). */
function firstItemError(db: Db, runId: string): string {
  const row = db.prepare("SELECT error FROM items WHERE run_id = ? AND status = 'failed' AND error IS NOT NULL ORDER BY idx LIMIT 1").get(runId) as { error: string } | undefined;
  return row ? `; the first: ${row.error.slice(0, 300)}` : "";
}

/**
 * A finished run asked for again (the same input and settings): nothing to do, no call. Says so and where the
 * reports are (written again from the store if they are gone or `out` names another folder).
 */
async function reportComplete(db: Db, runId: string, config: BatchRunConfig, deps: AppDeps, options: RunBatchOptions): Promise<BatchOutcome> {
  const out = resolve(options.out ?? config.out ?? `auditllm-${runId}`);
  const files = (Object.values(REPORT_FILES) as string[]).map((f) => join(out, f));
  if (!files.every((f) => existsSync(f))) {
    ensureDir(out, "the output folder");
    await writeRunReports(db, runId, out);
  }
  deps.onNote?.(`Run ${runId} already did this: same input and settings, finished. No call made (--new starts over).`);
  return { runId, complete: true, out, files, targets: targetSummaries(db, runId), cost: costOf(db, runId, config), ...probesFromOf(config) };
}

function costOf(db: Db, runId: string, config: BatchRunConfig): RunCost {
  return runCost(db, runId, priceTableSchema.safeParse(config.prices).data);
}

const probesFromOf = (config: BatchRunConfig) => (config.probesFrom !== undefined ? { probesFrom: { runId: config.probesFrom, reused: config.probesReused ?? 0 } } : {});

async function ingestInput(db: Db, runId: string, config: BatchRunConfig, deps: AppDeps): Promise<void> {
  deps.onProgress?.(`Reading ${config.input}…`);
  const input = await openInput(config.input, inputLimits());
  const read = await ingest(db, runId, input, (line, error) => deps.onNote?.(`${config.input}:${line}: ${error}; skipped`));
  const ingested = { ingested: true, questions: read.questions, skipped: read.skipped, metaColumns: [...input.metaColumns] };
  Object.assign(config, ingested);
  updateRunConfig(db, runId, ingested);
}

/** results.jsonl with the questions already finished, open for appending the next ones. */
async function liveResults(db: Db, runId: string, out: string): Promise<LiveResults> {
  await writeRunReports(db, runId, out, ["jsonl"]);
  return liveResultsFile(join(out, REPORT_FILES.jsonl));
}

function auditConfig(config: BatchRunConfig): Omit<AuditConfig, "target"> {
  const { prober, probeCount, samples, temperature, proberTemperature, maxTokens, diversity } = config;
  return { prober, probeCount, samples, temperature, proberTemperature, maxTokens, diversity };
}

/** A built-in metric: it computes on this thread (no server, no thread pool). */
const computesHere = (metric: SimilarityMetric) => (METRIC_NAMES as readonly string[]).includes(metric.name);

/**
 * The similarity work of a built-in metric (computed on this thread) in turns of its own, between which the
 * calls are read and sent (batch/turn-taking.ts): a question's scores (its matrix, meaning, truthfulness) are
 * one turn, each probe check another, and a turn lets a due commit of the journal go first (its calls are
 * sent once their rows are in). Other metrics wait on a server or a thread pool and are used as they are.
 */
function inTurns(metrics: { metric: SimilarityMetric; probeMetric: SimilarityMetric }, commits: GroupCommit): Pick<AuditDeps, "metric" | "probeMetric" | "score"> {
  const inTurn = turnQueue({ yieldTo: () => commits.pending });
  const { metric, probeMetric } = metrics;
  return {
    metric,
    probeMetric: computesHere(probeMetric) ? takingTurns(probeMetric, inTurn) : probeMetric,
    score: computesHere(metric) ? (job) => inTurn(() => scoreJob(job, metric)) : undefined,
  };
}
