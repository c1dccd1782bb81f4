/** `auditllm ask`: audit one question end to end and store the run. */
import { DEFAULT_RETRY } from "../providers/retry.js";
import { createExecutor } from "../calls/executor.js";
import { databasePath } from "../config/paths.js";
import { runAudit } from "../core/audit.js";
import type { AuditConfig } from "../core/types.js";
import { redactUrl } from "../providers/endpoints.js";
import { toAuditJson } from "../report/audit-json.js";
import { answerLabel, renderTerminalReport } from "../report/terminal.js";
import { addItem, createCallJournal, createRun, finishItem, finishRun, openDatabase, saveResult } from "../store/index.js";
import { UsageError } from "./errors.js";
import { loadMetric } from "./metric.js";
import { chooseModels, createModelPool } from "./models.js";
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

export async function ask(question: string, options: AskOptions): Promise<void> {
  const env = process.env;
  if (!question.trim()) throw new UsageError("The question is empty.");
  if (options.probes === 0 && !options.probe?.length && options.samples < 2) {
    throw new UsageError("With --probes 0 there is only one prompt: ask for --samples 2 or more, or give probes.");
  }
  const status = createStatus();
  const chosen = await chooseModels(options, env);
  chosen.notes.forEach((note) => status.info(note));
  const metric = loadMetric(options.metric, { env, baseUrl: options.baseUrl, onNote: status.info });
  const pool = await createModelPool(chosen, options, env);
  const config: AuditConfig = {
    target: chosen.target,
    prober: chosen.prober,
    probeCount: options.probe?.length ?? options.probes,
    samples: options.samples,
    temperature: options.temperature,
    proberTemperature: 0,
    maxTokens: options.maxTokens,
    diversity: options.diversity,
  };
  const db = openDatabase(databasePath(env));
  const urls = { baseUrl: options.baseUrl && redactUrl(options.baseUrl), proberBaseUrl: options.proberBaseUrl && redactUrl(options.proberBaseUrl) };
  const run = createRun(db, "ask", { ...config, metric: metric.name, ...urls });
  addItem(db, run.id, 0, question.trim());
  const controller = new AbortController();
  const onSigint = () => {
    status.info("Cancelling…");
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  const executor = createExecutor({
    model: pool.forCall,
    journal: createCallJournal(db, run.id),
    concurrency: options.concurrency,
    timeoutMs: options.timeout * 1000,
    retry: { ...DEFAULT_RETRY, maxRetries: options.retries },
    signal: controller.signal,
    onRetry: (e) => status.progress(`${e.error.message} Retrying in ${(e.delayMs / 1000).toFixed(1)} s…`),
  });
  let answered = 0;
  try {
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
      { complete: executor.complete, metric },
    );
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
    finishRun(db, run.id, cancelled ? "cancelled" : "failed", { error: (error as Error).message });
    if (cancelled) {
      process.stderr.write(`auditllm: cancelled; run ${run.id} keeps the calls that finished.\n`);
      process.exitCode = 130;
      return;
    }
    throw error;
  } finally {
    process.removeListener("SIGINT", onSigint);
    await pool.close();
    db.close();
  }
}
