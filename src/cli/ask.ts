/** `auditllm ask`: audit one question end to end and store the run. */
import { databasePath } from "../config/paths.js";
import { runAudit } from "../core/audit.js";
import type { AuditConfig } from "../core/types.js";
import { redactUrl } from "../providers/endpoints.js";
import { parseModelId } from "../providers/model-id.js";
import { toAuditJson } from "../report/audit-json.js";
import { answerLabel, renderTerminalReport } from "../report/terminal.js";
import { addItem, createRun, finishItem, finishRun, openDatabase, saveResult } from "../store/index.js";
import { CancelledError, UsageError } from "./errors.js";
import { embeddingProvider, judgeModel, loadMetric, probeMetricFor } from "./metric.js";
import { chooseModels, createModelPool, proberBaseUrl } from "./models.js";
import { runExecutor } from "./run-parts.js";
import { onInterrupt } from "./signals.js";
import { createStatus } from "./status.js";
import { useColor } from "./tty.js";

export interface AskOptions {
  target?: string;
  prober?: string;
  baseUrl?: string;
  proberBaseUrl?: string;
  probes: number;
  probe?: string[];
  samples: number;
  temperature: number;
  maxTokens: number;
  diversity: AuditConfig["diversity"];
  metric: string;
  concurrency: number;
  timeout: number;
  retries: number;
  json?: boolean;
  yes?: boolean;
}

const redactOptional = (url: string | undefined) => (url ? redactUrl(url) : undefined);

export async function ask(question: string, options: AskOptions): Promise<void> {
  if (!question.trim()) throw new UsageError("The question is empty.");
  if (options.probes === 0 && !options.probe?.length && options.samples < 2) {
    throw new UsageError("With --probes 0 there is only one prompt: ask for --samples 2 or more, or give probes.");
  }
  const status = createStatus();
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    status.info("Cancelling…");
    controller.abort();
  });
  try {
    await audit(question, options, status, controller);
  } finally {
    stopListening();
  }
}

async function audit(question: string, options: AskOptions, status: ReturnType<typeof createStatus>, controller: AbortController): Promise<void> {
  const env = process.env;
  const chosen = { ...(await chooseModels(options, env)), judge: judgeModel(options.metric) };
  if (chosen.targets.length > 1) throw new UsageError("ask audits one target; use `auditllm batch` to compare several.");
  const target = chosen.targets[0]!;
  chosen.notes.forEach((note) => status.info(note));
  const pool = await createModelPool(chosen, options, env, status);
  const config: AuditConfig = {
    target,
    prober: chosen.prober,
    probeCount: options.probe?.length ?? options.probes,
    samples: options.samples,
    temperature: options.temperature,
    proberTemperature: 0,
    maxTokens: options.maxTokens,
    diversity: options.diversity,
  };
  const db = openDatabase(databasePath(env));
  let runId: string | undefined;
  try {
    const urls = { baseUrl: options.baseUrl && redactUrl(options.baseUrl), proberBaseUrl: redactOptional(proberBaseUrl(chosen, options)) };
    const run = createRun(db, "ask", { ...config, metric: options.metric, ...urls });
    runId = run.id;
    addItem(db, run.id, 0, question.trim());
    const executor = runExecutor(db, run.id, pool, options, {
      signal: controller.signal,
      onRetry: (e) => status.progress(`${e.error.message} Retrying in ${(e.delayMs / 1000).toFixed(1)} s…`),
    });
    // The target's --base-url serves an embedding metric only when it is the same provider's.
    const metricUrl = embeddingProvider(options.metric) === parseModelId(target).provider ? options.baseUrl : undefined;
    const metricOptions = { env, allowDownload: options.yes, baseUrl: metricUrl, onNote: status.info, wrapEmbedder: executor.embedder, complete: executor.complete };
    const metric = loadMetric(options.metric, metricOptions);
    const probeMetric = probeMetricFor(metric, metricOptions);
    let answered = 0;
    status.progress(options.probe?.length ? "Scoring your probes…" : `Writing ${config.probeCount} probes with ${config.prober}…`);
    const result = await runAudit(
      {
        question,
        config,
        probes: options.probe,
        events: {
          onProbes: (probes) => status.progress(`Answering ${(probes.length + 1) * config.samples} prompts with ${config.target}… 0 done`),
          onAnswer: (_, answer) => status.progress(`Answering with ${config.target}… ${++answered} done (last: ${answerLabel(answer, config.samples)})`),
        },
      },
      { complete: executor.complete, metric, probeMetric },
    );
    if (controller.signal.aborted) throw new CancelledError();
    status.done();
    saveResult(db, run.id, 0, config.target, result.scores.consistency, result);
    finishItem(db, run.id, 0, "done", { probes: result.probes });
    finishRun(db, run.id, "done", { summary: { question: result.question, target: config.target, consistency: result.scores.consistency ?? null } });
    process.stdout.write(
      options.json
        ? `${JSON.stringify(toAuditJson(result, run.id), null, 2)}\n`
        : renderTerminalReport(result, { color: useColor(process.stdout), width: process.stdout.columns ?? 100, runId: run.id }),
    );
  } catch (error) {
    status.done();
    const cancelled = controller.signal.aborted;
    if (runId) finishRun(db, runId, cancelled ? "cancelled" : "failed", { error: cancelled ? "cancelled" : (error as Error).message });
    if (cancelled) throw new CancelledError(runId ? `Cancelled: run ${runId} is stored as cancelled, with the calls that finished.` : undefined);
    throw error;
  } finally {
    await pool.close();
    db.close();
  }
}
