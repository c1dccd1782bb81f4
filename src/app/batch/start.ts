/**
 * Starting and resuming a batch run: the checks that can fail at once (the input file, the metric, the models)
 * run before any run is stored; then the run is stored (or an unfinished run of the same input and settings is
 * reopened) and its id returned. Working through it is `runBatch` (run.ts), in this process or another.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { priceTableSchema, type PriceTable } from "../../batch/prices.js";
import { inputLimits } from "../../config/limits.js";
import { openInput } from "../../batch/input/index.js";
import { redactUrl } from "../../providers/endpoints.js";
import { hasBatchApi } from "../../providers/batch-api/index.js";
import { batchConfigOf, createRun, getRun, listRuns, reopenRun, updateRunConfig, type BatchRunConfig, type Db } from "../../store/index.js";
import { envOf, type AppDeps } from "../deps.js";
import { InputError, UsageError } from "../errors.js";
import { checkInputFile } from "../executor.js";
import { metricSpecText, parseMetricSpec } from "../metric-spec.js";
import { checkMetric } from "../metrics.js";
import { chooseModels, proberBaseUrl } from "../models.js";
import { deferModelNotes } from "./running.js";
import { DEFAULT_BATCH, fileDigest, sameSettings, type BatchSettings } from "./settings.js";

function storeOf(deps: AppDeps): Db {
  if (!deps.db) throw new Error("batch runs need a store (deps.db)");
  return deps.db;
}

/**
 * Checks the input and the settings, then stores the run and returns its id. The run of the same input and
 * settings is reused instead, unless `fresh`: reopened when unfinished; when finished, as it is (runBatch then
 * makes no call and says where its reports are). `runBatch(runId)` then works through it.
 */
export async function startBatch(file: string, given: Partial<BatchSettings>, deps: AppDeps, options: { fresh?: boolean } = {}): Promise<string> {
  const db = storeOf(deps);
  const env = envOf(deps);
  const settings = { ...DEFAULT_BATCH, ...given };
  const input = resolve(file);
  checkInputFile(file);
  // A file that is not what its name says fails now, before a run is made for it.
  await (await openInput(input, inputLimits())).close();
  // So does an unknown metric (or an embedding metric without its key): no run is made for it.
  const spec = parseMetricSpec(settings.metric);
  checkMetric(spec, env);
  if (settings.probesFrom !== undefined) probesSource(db, settings.probesFrom);
  // Notes on detected models wait until the input is read: a file that brings its answers uses none.
  const chosen = await chooseModels(settings, env);
  const proberUrl = proberBaseUrl(chosen, settings);
  const config: BatchRunConfig = {
    input,
    digest: await fileDigest(input),
    targets: chosen.targets,
    prober: chosen.prober,
    probeCount: settings.probes,
    samples: settings.samples,
    temperature: settings.temperature,
    proberTemperature: 0,
    maxTokens: settings.maxTokens,
    diversity: settings.diversity,
    metric: metricSpecText(spec),
    baseUrl: settings.baseUrl ? redactUrl(settings.baseUrl) : undefined,
    proberBaseUrl: proberUrl ? redactUrl(proberUrl) : undefined,
    concurrency: settings.concurrency,
    timeout: settings.timeout,
    retries: settings.retries,
    ...(settings.out ? { out: resolve(settings.out) } : {}),
    ...(settings.probesFrom !== undefined ? { probesFrom: settings.probesFrom } : {}),
    ...viaSettings(settings, chosen.targets, chosen.prober),
    ...(settings.prices ? { prices: await readPrices(settings.prices) } : {}),
    ...(settings.maxCost ? { maxCost: settings.maxCost } : {}),
  };
  // The run of the same input and settings: unfinished, it is resumed; finished, runBatch says where its reports are.
  const same = options.fresh ? undefined : listRuns(db, { kind: "batch", limit: 200 }).find((r) => sameSettings(batchConfigOf(r), config));
  if (same?.status === "done") return same.id;
  if (same) {
    deferModelNotes(same.id, chosen.notes);
    // How calls are made may change between attempts of one run (e.g. the same command with --via batch-api).
    updateRunConfig(db, same.id, {
      via: config.via,
      batchFallback: config.batchFallback,
      pollSeconds: config.pollSeconds,
      batchMaxRequests: config.batchMaxRequests,
      batchMaxBytes: config.batchMaxBytes,
    });
    reopenRun(db, same.id);
    deps.onNote?.(`Resuming run ${same.id}, which has the same input and settings (--new starts over).`);
    return same.id;
  }
  const run = createRun(db, "batch", config);
  deferModelNotes(run.id, chosen.notes);
  deps.onNote?.(`Run ${run.id} on ${file}.`);
  return run.id;
}

/** The run named by --probes-from: a batch run whose probes are stored (a stopped one lends the probes it has). */
function probesSource(db: Db, runId: string): void {
  const run = getRun(db, runId);
  if (!run) throw new UsageError(`--probes-from ${runId}: no such run; \`auditllm runs\` lists them.`);
  if (run.kind !== "batch") throw new UsageError(`--probes-from ${runId}: an \`ask\` run; the probes come from a batch run.`);
}

/** Checks that a stopped run can go on (its input unchanged) and marks it running again; `runBatch` then continues it. */
export async function resumeBatch(runId: string, deps: AppDeps, options: { file?: string } = {}): Promise<void> {
  const db = storeOf(deps);
  const run = getRun(db, runId);
  if (run?.kind !== "batch") throw new UsageError(`No batch run ${runId}; \`auditllm runs\` lists them.`);
  if (run.status === "done") throw new UsageError(`Run ${run.id} is already finished; \`auditllm report ${run.id}\` writes its reports again.`);
  const config = batchConfigOf(run);
  if (options.file && resolve(options.file) !== config.input) throw new UsageError(`Run ${run.id} reads ${config.input}, not ${resolve(options.file)}.`);
  let digest: string;
  try {
    digest = await fileDigest(config.input);
  } catch {
    throw new InputError(`The run's input ${config.input} is gone; it is needed to resume.`);
  }
  if (digest !== config.digest) throw new InputError(`${config.input} changed since the run started; resuming would mix two inputs. Start a new run instead.`);
  reopenRun(db, run.id);
  deps.onNote?.(`Resuming run ${run.id}.`);
}

/** The --via settings of a run; batch-api needs at least one model with a batch service. */
function viaSettings(settings: BatchSettings, targets: string[], prober: string): Partial<BatchRunConfig> {
  if (settings.via !== "batch-api") return {};
  if (![...targets, prober].some(hasBatchApi)) {
    throw new UsageError(`--via batch-api needs an openai:, openai-compatible: or anthropic: model (the others have no batch service); got ${[...new Set([...targets, prober])].join(", ")}.`);
  }
  const { batchFallback, pollSeconds, batchMaxRequests, batchMaxBytes } = settings;
  return { via: "batch-api", batchFallback, pollSeconds, batchMaxRequests, batchMaxBytes };
}

/** A --prices file: {"<model id or prefix>": {"input": 0.15, "output": 0.6, "cachedInput"?: 0.075, "batch"?: 0.5}}, dollars per million tokens. */
async function readPrices(file: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError(`No such prices file: ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = priceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${file}: ${issue.path.join(".") || "prices"}: ${issue.message}. Write it as {"openai:gpt-4o-mini": {"input": 0.15, "output": 0.6}} (dollars per million tokens).`);
  }
  return parsed.data;
}
