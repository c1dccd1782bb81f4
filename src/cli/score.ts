/** `auditllm score`: JSONL of answers in, JSONL of scores out, one line for each line, bad lines reported and skipped. */
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createExecutor } from "../calls/executor.js";
import type { JudgeMetric } from "../judge/index.js";
import { cacheDir } from "../config/paths.js";
import { createLanguageModel } from "../providers/registry.js";
import { ProviderError } from "../providers/errors.js";
import { DEFAULT_RETRY } from "../providers/retry.js";
import { sanitizeForTerminal } from "../report/text.js";
import { parseScoreLine } from "../score/input.js";
import { scoreLine } from "../score/score-line.js";
import { InputError } from "./errors.js";
import { judgeModel, loadMetric, probeMetricFor } from "./metric.js";
import { checkInputFile } from "./run-parts.js";

export interface ScoreOptions {
  out?: string;
  metric: string;
  baseUrl?: string;
  timeout: number;
  retries: number;
  yes?: boolean;
}

const warn = (text: string) => process.stderr.write(`auditllm: ${sanitizeForTerminal(text)}\n`);

export async function score(file: string, options: ScoreOptions): Promise<void> {
  if (file !== "-") checkInputFile(file);
  // Embedding models and a judge (the only calls `score` makes) get the usual timeout and retries.
  const judgeId = judgeModel(options.metric);
  const judge = judgeId ? createLanguageModel(judgeId, { env: process.env, baseUrl: options.baseUrl, cacheDir: cacheDir(), allowDownload: options.yes }) : undefined;
  await judge?.prepare?.();
  const executor = createExecutor({
    model: () => {
      if (!judge) throw new Error("score makes no LLM calls without a judge");
      return judge;
    },
    timeoutMs: options.timeout * 1000,
    retry: { ...DEFAULT_RETRY, maxRetries: options.retries },
  });
  const metricOptions = { env: process.env, allowDownload: options.yes, baseUrl: options.baseUrl, onNote: warn, wrapEmbedder: executor.embedder, complete: executor.complete };
  const metric = loadMetric(options.metric, metricOptions);
  const probeMetric = probeMetricFor(metric, metricOptions);
  const out = options.out ? await openOutput(options.out) : process.stdout;
  const input = file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
  const write = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, "drain");
  };
  let line = 0;
  let scored = 0;
  let bad = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    const parsed = text.trim() ? parseScoreLine(text.replace(/^\uFEFF/, "")) : { ok: false as const, id: null, error: "empty line" };
    if (!parsed.ok) {
      bad++;
      warn(`${file}:${line}: ${parsed.error}; skipped`);
      await write({ id: parsed.id, line, error: `line ${line}: ${parsed.error}` });
      continue;
    }
    try {
      await write(await scoreLine(parsed.value, line, metric, probeMetric));
      scored++;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      bad++;
      warn(`${file}:${line}: ${error.message}`);
      await write({ id: parsed.value.id, line, error: `line ${line}: ${error.message}` });
    }
  }
  await judge?.close?.();
  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
  }
  warn(`scored ${scored} line(s) with ${metric.name}${bad ? `, ${bad} bad line(s) reported` : ""}${options.out ? ` → ${options.out}` : ""}`);
  if (scored === 0 && bad > 0) process.exitCode = 1;
  if (judgeId && !judgeTally(judgeId, metric as Partial<JudgeMetric>)) process.exitCode = 1;
}

/** Says how many of the judge's verdicts could not be read; false when none could (the scores are then all neutral guesses). */
function judgeTally(judgeId: string, metric: Partial<JudgeMetric>): boolean {
  const { read, unreadable } = metric.tally?.() ?? { read: 0, unreadable: 0 };
  if (!unreadable) return true;
  const asked = read + unreadable;
  if (read === 0) {
    warn(`none of the ${asked} verdict(s) of ${judgeId} could be read, even when asked again: every score above is a neutral 0.5, not a judgement. Try another --judge model.`);
    return false;
  }
  warn(`${unreadable} of ${asked} verdict(s) of ${judgeId} could not be read, even when asked again; they count as neutral (0.5), see "warnings" in the output.`);
  return true;
}

/** Opens the output before any work, so a bad path is one clear error. */
async function openOutput(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await once(stream, "open");
  } catch (error) {
    throw new InputError(`Cannot write ${path}: ${(error as Error).message}`);
  }
  return stream;
}
