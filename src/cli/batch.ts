/**
 * `auditllm batch`: audit every question of a file against one or more targets, on the same probes.
 * The run lives in the store: Ctrl+C or kill -9 at any moment, then `--resume <run-id>` (or the same
 * command again) continues it without repeating a finished call, and ends with the same results.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ingest } from "../batch/ingest.js";
import { jsonlRecord } from "../report/batch/jsonl.js";
import { REPORT_FILES } from "../report/batch/index.js";
import { openInput } from "../batch/input/index.js";
import { processBatch } from "../batch/run.js";
import { databasePath } from "../config/paths.js";
import type { AuditConfig } from "../core/types.js";
import { redactUrl } from "../providers/endpoints.js";
import { batchRow, createRun, finishRun, getRun, listRuns, openDatabase, reopenRun, targetSummaries, updateRunConfig, itemCounts, itemsNeedingCalls, type Db, type RunRow } from "../store/index.js";
import { CancelledError, InputError, UsageError } from "./errors.js";
import { METRIC_NAMES } from "../similarity/index.js";
import { judgeModel, loadMetric, probeMetricFor } from "./metric.js";
import { baseUrlFor, chooseModels, createModelPool, proberBaseUrl, type ChosenModels, type ModelPool } from "./models.js";
import { startProgress } from "./batch-progress.js";
import { writeRunReports } from "./reports.js";
import { checkInputFile, runExecutor } from "./run-parts.js";
import { onInterrupt } from "./signals.js";
import { createStatus, type Status } from "./status.js";

export interface BatchOptions {
  target?: string;
  prober?: string;
  baseUrl?: string;
  proberBaseUrl?: string;
  concurrency: number;
  probes: number;
  samples: number;
  temperature: number;
  maxTokens: number;
  diversity: AuditConfig["diversity"];
  metric: string;
  timeout: number;
  retries: number;
  out?: string;
  failUnder?: number;
  json?: boolean;
  yes?: boolean;
  resume?: string;
  new?: boolean;
  /** Which of concurrency, timeout and retries were given on the command line (the rest are defaults). */
  given?: string[];
}

/** What a batch run stores about itself: enough to resume it with nothing but its id. */
export interface BatchConfig extends Omit<AuditConfig, "target"> {
  input: string;
  digest: string;
  targets: string[];
  metric: string;
  baseUrl?: string;
  proberBaseUrl?: string;
  /** How the run was made: a resume keeps these unless they are given again. */
  out?: string;
  concurrency?: number;
  timeout?: number;
  retries?: number;
  ingested?: boolean;
  questions?: number;
  skipped?: number;
  metaColumns?: string[];
}

export async function batch(file: string | undefined, options: BatchOptions): Promise<void> {
  const status = createStatus();
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    status.info("Stopping… (the run can be resumed)");
    controller.abort();
  });
  const db = openDatabase(databasePath());
  try {
    await runBatch(db, file, options, status, controller.signal);
  } finally {
    stopListening();
    db.close();
  }
}

async function runBatch(db: Db, file: string | undefined, given: BatchOptions, status: Status, signal: AbortSignal): Promise<void> {
  const env = process.env;
  const { run, config, chosen } = await openRun(db, file, given, status);
  const options = { ...given };
  for (const name of ["concurrency", "timeout", "retries"] as const) {
    if (!given.given?.includes(name) && config[name] !== undefined) options[name] = config[name]!;
  }
  // The run's own servers (a resume has no --base-url of its own).
  const servers = { ...options, baseUrl: config.baseUrl, proberBaseUrl: config.proberBaseUrl };
  let pool: ModelPool | undefined;
  try {
    if (!config.ingested) {
      status.progress(`Reading ${config.input}…`);
      const input = await openInput(config.input);
      const read = await ingest(db, run.id, input, (line, error) => status.info(`${config.input}:${line}: ${error}; skipped`));
      const ingested = { ingested: true, questions: read.questions, skipped: read.skipped, metaColumns: input.metaColumns };
      Object.assign(config, ingested);
      updateRunConfig(db, run.id, ingested);
    }
    const counts = itemCounts(db, run.id);
    if (counts.total === 0) throw new InputError(`${config.input} has no usable question${config.skipped ? ` (${config.skipped} rows skipped)` : ""}.`);
    // Rows that bring their answers need no model: a file of only those never loads or downloads one.
    const judge = judgeModel(config.metric);
    pool = itemsNeedingCalls(db, run.id) > 0 || judge ? await createModelPool({ ...chosen, judge }, servers, env, status) : noModels();
    const executor = runExecutor(db, run.id, pool, options, { signal });
    const metricUrl = config.metric.startsWith("embedding:") ? baseUrlFor(config.metric.slice("embedding:".length), chosen, servers) : undefined;
    const metricOptions = { env, allowDownload: given.yes, baseUrl: metricUrl, onNote: status.info, wrapEmbedder: executor.embedder, complete: executor.complete };
    const metric = loadMetric(config.metric, metricOptions);
    const probeMetric = probeMetricFor(metric, metricOptions);
    // Load the word vectors now: loading blocks for a moment, better before any call is in flight.
    if ((METRIC_NAMES as readonly string[]).includes(probeMetric.name)) await probeMetric.pairwise(["warm", "up"]);
    const progress = { done: counts.done, failed: 0 };
    // results.jsonl grows as questions finish (the ones finished before a resume first); at the end all
    // reports are written again from the store, in input order.
    const out = resolve(given.out ?? config.out ?? `auditllm-${run.id}`);
    if (out !== config.out) updateRunConfig(db, run.id, { out });
    await mkdir(out, { recursive: true });
    const live = await liveResults(db, run.id, out);
    status.done();
    const stopProgress = startProgress(() => {
      const stats = executor.stats();
      return { done: progress.done, failed: progress.failed, total: counts.total, calls: stats.sent, rateLimited: stats.rateLimited, lanes: executor.scheduler.states() };
    });
    try {
      await processBatch({
        db,
        runId: run.id,
        targets: config.targets,
        config: auditConfig(config),
        deps: { complete: executor.complete, metric, probeMetric },
        window: Math.max(8, 2 * options.concurrency),
        signal,
        onItem: async (item, outcome) => {
          progress.done++;
          if (outcome.outcomes.some((o) => o.error)) progress.failed++;
          const lines = outcome.outcomes.map((o) => `${JSON.stringify(jsonlRecord(batchRow(item.idx, item.row, o.target, o)))}\n`).join("");
          if (!live.write(lines)) await once(live, "drain");
        },
      });
    } finally {
      stopProgress();
      await new Promise((done) => live.end(done));
    }
    if (signal.aborted) {
      finishRun(db, run.id, "cancelled", { error: "cancelled" });
      throw new CancelledError(`Stopped: run ${run.id} is saved. Continue it with: auditllm batch --resume ${run.id}`);
    }
    const summaries = targetSummaries(db, run.id);
    finishRun(db, run.id, "done", { summary: { questions: counts.total, skipped: config.skipped ?? 0, targets: summaries } });
    const files = await writeRunReports(db, run.id, out);
    report(run.id, summaries, files, out, options);
  } catch (error) {
    if (!(error instanceof CancelledError)) finishRun(db, run.id, "failed", { error: (error as Error).message });
    throw error;
  } finally {
    await pool?.close();
  }
}

/** The pool of a run whose questions all brought their answers: nothing to call. */
function noModels(): ModelPool {
  return {
    forCall: (spec) => {
      throw new Error(`no model was loaded for ${spec.model}: every question of this run brought its answers`);
    },
    close: async () => {},
  };
}

/** results.jsonl with the questions already finished, open for appending the next ones. */
async function liveResults(db: Db, runId: string, out: string): Promise<WriteStream> {
  const path = join(out, REPORT_FILES.jsonl);
  await writeRunReports(db, runId, out, ["jsonl"]);
  return createWriteStream(path, { flags: "a" });
}

function auditConfig(config: BatchConfig): Omit<AuditConfig, "target"> {
  const { prober, probeCount, samples, temperature, proberTemperature, maxTokens, diversity } = config;
  return { prober, probeCount, samples, temperature, proberTemperature, maxTokens, diversity };
}

/** A new run, the run named by --resume, or an unfinished run of the same input and settings. */
async function openRun(db: Db, file: string | undefined, options: BatchOptions, status: Status): Promise<{ run: RunRow; config: BatchConfig; chosen: ChosenModels }> {
  if (options.resume) {
    const run = getRun(db, options.resume);
    if (!run || run.kind !== "batch") throw new UsageError(`No batch run ${options.resume}; \`auditllm runs\` lists them.`);
    if (run.status === "done") throw new UsageError(`Run ${run.id} is already finished; \`auditllm report ${run.id}\` writes its reports again.`);
    const config = run.config as unknown as BatchConfig;
    if (file && resolve(file) !== config.input) throw new UsageError(`Run ${run.id} reads ${config.input}, not ${resolve(file)}.`);
    await checkDigest(config);
    reopenRun(db, run.id);
    status.info(`Resuming run ${run.id}.`);
    return { run, config, chosen: { targets: config.targets, prober: config.prober, notes: [] } };
  }
  if (!file) throw new UsageError("Give an input file, or --resume <run-id>.");
  const input = resolve(file);
  checkInputFile(file);
  // A file that is not what its name says fails now, before a run is made for it.
  await (await openInput(input)).close();
  // So is an unknown --metric (or an embedding metric without its key): no run is made for it.
  loadMetric(options.metric, { env: process.env, wrapEmbedder: (e) => e, complete: () => Promise.reject(new Error("unused")) });
  const chosen = await chooseModels(options, process.env);
  chosen.notes.forEach((note) => status.info(note));
  const config: BatchConfig = {
    input,
    digest: await fileDigest(input),
    targets: chosen.targets,
    prober: chosen.prober,
    probeCount: options.probes,
    samples: options.samples,
    temperature: options.temperature,
    proberTemperature: 0,
    maxTokens: options.maxTokens,
    diversity: options.diversity,
    metric: options.metric,
    baseUrl: options.baseUrl ? redactUrl(options.baseUrl) : undefined,
    proberBaseUrl: proberBaseUrl(chosen, options) ? redactUrl(proberBaseUrl(chosen, options)!) : undefined,
    concurrency: options.concurrency,
    timeout: options.timeout,
    retries: options.retries,
  };
  const same = options.new ? undefined : listRuns(db, { kind: "batch", limit: 200 }).find((r) => r.status !== "done" && sameSettings(r.config as unknown as BatchConfig, config));
  if (same) {
    reopenRun(db, same.id);
    status.info(`Resuming run ${same.id}, which has the same input and settings (--new starts over).`);
    return { run: same, config: same.config as unknown as BatchConfig, chosen };
  }
  const run = createRun(db, "batch", config as unknown as Record<string, unknown>);
  status.info(`Run ${run.id}: ${chosen.targets.join(", ")} on ${file}.`);
  return { run, config, chosen };
}

const SETTINGS: (keyof BatchConfig)[] = ["input", "digest", "targets", "prober", "probeCount", "samples", "temperature", "maxTokens", "diversity", "metric", "baseUrl", "proberBaseUrl"];

function sameSettings(a: BatchConfig, b: BatchConfig): boolean {
  return SETTINGS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function checkDigest(config: BatchConfig): Promise<void> {
  let digest: string;
  try {
    digest = await fileDigest(config.input);
  } catch {
    throw new InputError(`The run's input ${config.input} is gone; it is needed to resume.`);
  }
  if (digest !== config.digest) throw new InputError(`${config.input} changed since the run started; resuming would mix two inputs. Start a new run instead.`);
}

function report(runId: string, summaries: ReturnType<typeof targetSummaries>, files: string[], out: string, options: BatchOptions): void {
  const failing = options.failUnder === undefined ? [] : summaries.filter((s) => s.meanConsistency === null || s.meanConsistency < options.failUnder!);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runId, out, files, targets: summaries, failUnder: options.failUnder ?? null, failing: failing.map((s) => s.target) }, null, 2)}\n`);
  } else {
    process.stdout.write(`Run ${runId} done. Reports in ${out}: ${files.map((f) => join(".", f.slice(out.length))).join(", ")}\n`);
    for (const s of summaries) {
      process.stdout.write(`  ${s.target}: mean consistency ${s.meanConsistency === null ? "–" : s.meanConsistency.toFixed(3)} over ${s.audited} question(s)${s.failed ? `, ${s.failed} failed` : ""}\n`);
    }
  }
  if (failing.length) {
    process.stderr.write(`auditllm: mean consistency under ${options.failUnder} for ${failing.map((s) => s.target).join(", ")}\n`);
    process.exitCode = 1;
  }
}
