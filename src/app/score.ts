/**
 * Scoring answers you already have, as a use case: no LLM calls unless the metric is a judge. `score()`
 * scores one set of responses; `scoreJsonl()` the lines of an `auditllm score` file, one result per line,
 * a bad line becoming an error result (with its line number) while the rest go on.
 */
import { createExecutor } from "../calls/executor.js";
import type { JudgeMetric } from "../judge/index.js";
import { cacheDir } from "../config/paths.js";
import { ProviderError } from "../providers/errors.js";
import { createLanguageModel } from "../providers/registry.js";
import { DEFAULT_RETRY } from "../providers/retry.js";
import { parseScoreLine, type ScoreInput } from "../score/input.js";
import { scoreLine, type ScoreOutput } from "../score/score-line.js";
import { envOf, type AppDeps } from "./deps.js";
import { judgeOf, parseMetricSpec, type MetricSpec } from "./metric-spec.js";
import { auditMetrics } from "./metrics.js";

export type { ScoreInput, ScoreOutput };

export interface ScoreOptions {
  /** `hybrid` (default), `lexical`, `embedding:<model-id>`, `judge:<model-id>`, … or a parsed spec. */
  metric?: string | MetricSpec;
  /** Server for an `embedding:openai-compatible:…` metric or an openai-compatible judge. */
  baseUrl?: string;
  /** Seconds before an embedding or judge call is given up (default 120), and its retries (default 3). */
  timeout?: number;
  retries?: number;
}

export interface Scorer {
  /** The name of the metric behind every number. */
  readonly metric: string;
  score(input: ScoreInput, line?: number): Promise<ScoreOutput>;
  /** With a judge: its verdicts read and those it could not make readable even when asked again. */
  judgeTally(): { judge: string; read: number; unreadable: number } | undefined;
  close(): Promise<void>;
}

/** The metric (and a judge, if it is one) under the usual timeout and retries, ready to score many inputs. */
export async function createScorer(options: ScoreOptions = {}, deps: AppDeps = {}): Promise<Scorer> {
  const env = envOf(deps);
  const spec = typeof options.metric === "object" ? options.metric : parseMetricSpec(options.metric ?? "hybrid");
  const judgeId = judgeOf(spec);
  const judge = judgeId ? createLanguageModel(judgeId, { env, baseUrl: options.baseUrl, cacheDir: cacheDir(env), allowDownload: deps.download?.allowDownload }) : undefined;
  await judge?.prepare?.();
  const executor = createExecutor({
    model: () => {
      if (!judge) throw new Error("score makes no LLM calls without a judge");
      return judge;
    },
    timeoutMs: (options.timeout ?? 120) * 1000,
    retry: { ...DEFAULT_RETRY, maxRetries: options.retries ?? 3 },
  });
  const settings = { env, allowDownload: deps.download?.allowDownload, baseUrl: options.baseUrl, onNote: deps.onNote, wrapEmbedder: executor.embedder, complete: executor.complete };
  const { metric, probeMetric } = auditMetrics(spec, settings);
  return {
    metric: metric.name,
    score: (input, line = 1) => scoreLine(input, line, metric, probeMetric),
    judgeTally: () => (judgeId ? { judge: judgeId, ...((metric as Partial<JudgeMetric>).tally?.() ?? { read: 0, unreadable: 0 }) } : undefined),
    close: async () => void (await judge?.close?.()),
  };
}

/** Scores one set of responses (with the question, probes, references and claims when given). */
export async function score(input: Omit<ScoreInput, "id"> & { id?: ScoreInput["id"] }, options: ScoreOptions = {}, deps: AppDeps = {}): Promise<ScoreOutput> {
  const scorer = await createScorer(options, deps);
  try {
    return await scorer.score({ ...input, id: input.id ?? null });
  } finally {
    await scorer.close();
  }
}

export type ScoredLine = { ok: true; output: ScoreOutput } | { ok: false; output: { id: ScoreInput["id"]; line: number; error: string }; problem: string };

/** Each line of `auditllm score` input, scored, in order: exactly one result per line. */
export async function* scoreJsonl(lines: AsyncIterable<string>, scorer: Scorer): AsyncGenerator<ScoredLine> {
  let line = 0;
  for await (const text of lines) {
    line++;
    const parsed = text.trim() ? parseScoreLine(text.replace(/^\uFEFF/, "")) : { ok: false as const, id: null, error: "empty line" };
    if (!parsed.ok) {
      yield { ok: false, output: { id: parsed.id, line, error: `line ${line}: ${parsed.error}` }, problem: `${parsed.error}; skipped` };
      continue;
    }
    try {
      yield { ok: true, output: await scorer.score(parsed.value, line) };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      yield { ok: false, output: { id: parsed.value.id, line, error: `line ${line}: ${error.message}` }, problem: error.message };
    }
  }
}
