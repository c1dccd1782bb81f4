/**
 * The audit of one question: probes → answers → scores. Everything it touches is injected
 * (the call function, the similarity metric), so it runs the same in the CLI, the server, batch and tests.
 */
import { ProviderError } from "../providers/errors.js";
import { generateProbes, userProbes, type ProbeSet } from "./probes.js";

export type { ProbeSet } from "./probes.js";
import type { SimilarityMetric } from "../similarity/types.js";
import { agreement } from "./agreement.js";
import { analyseMeaning } from "./meaning.js";
import { nonAnswerWarning, scoreMatrix } from "./scores.js";
import { addTruthfulness } from "./truthfulness.js";
import type { Answer, AuditConfig, AuditResult, Complete, Probe, References } from "./types.js";

export interface AuditDeps {
  complete: Complete;
  metric: SimilarityMetric;
  /** The metric that checks probes (relevance to the question, near-copies); default: metric. */
  probeMetric?: SimilarityMetric;
  /** Scores a question's answers (default: scoreJob with `metric`, at once): a batch runs it in its own turn of the event loop. */
  score?(job: ScoreJob): Promise<AuditResult>;
}

/** Everything the scores of one question's answers depend on. */
export interface ScoreJob {
  question: string;
  config: AuditConfig;
  probeSet: ProbeSet;
  answers: Answer[];
  /** Reference answers: truthfulness is scored too. */
  reference?: References;
}

export interface AuditEvents {
  onProbes?(probes: Probe[]): void;
  /** Text of answer `index` (its position in AuditResult.answers) as it streams. */
  onAnswerDelta?(index: number, text: string): void;
  onAnswer?(index: number, answer: Answer): void;
}

export interface AuditInput {
  question: string;
  config: AuditConfig;
  /** Probes chosen by the user: no prober call is made. */
  probes?: string[];
  /** Probes already written (batch: once per question, shared by every target). */
  probeSet?: ProbeSet;
  events?: AuditEvents;
  /** Reference answers (batch): the result carries truthfulness. */
  reference?: References;
}

export class AuditError extends Error {
  override readonly name = "AuditError";
}

export async function runAudit(input: AuditInput, deps: AuditDeps): Promise<AuditResult> {
  const question = input.question.trim();
  if (!question) throw new AuditError("The question is empty.");
  const { config, events } = input;
  const probeSet = input.probeSet ?? (await probeStep(question, input, deps));
  events?.onProbes?.(probeSet.probes);
  const answers = await answerAll(question, probeSet.probes, config, deps.complete, events);
  if (!answers.some((a) => a.text !== undefined)) {
    const first = answers.find((a) => a.error)?.error;
    throw new AuditError(`No answer came back from ${config.target}: ${first?.message ?? "unknown error"}`);
  }
  const job = { question, config, probeSet, answers, reference: input.reference };
  return deps.score ? deps.score(job) : scoreJob(job, deps.metric);
}

/** The scores of a question's answers, and their truthfulness when it has references. */
export async function scoreJob(job: ScoreJob, metric: SimilarityMetric): Promise<AuditResult> {
  const result = await scoreAnswers(job.question, job.config, job.probeSet, job.answers, metric);
  return addTruthfulness(result, job.reference, metric);
}

/** The scores of answers in hand (from the target, or given by a score-only input row). */
export async function scoreAnswers(question: string, config: AuditConfig, probeSet: ProbeSet, answers: Answer[], metric: SimilarityMetric): Promise<AuditResult> {
  const warnings = [...probeSet.warnings, ...answerWarnings(answers, config)];
  const ok = answers.map((a, i) => ({ a, i })).filter(({ a }) => a.text !== undefined);
  const texts = ok.map(({ a }) => a.text!);
  const context = { question, prompts: ok.map(({ a }) => (a.promptIndex === 0 ? undefined : a.prompt)) };
  const found = await agreement(texts, metric, context);
  const scores = scoreMatrix(found.pairwise, {
    metric: metric.name,
    promptOf: config.samples > 1 ? ok.map(({ a }) => a.promptIndex) : undefined,
    scored: ok.map(({ i }) => i),
    nonAnswers: found.nonAnswers,
  });
  Object.assign(scores, await analyseMeaning(texts, found, metric, scores.threshold, context));
  warnings.push(...(metric.takeWarnings?.() ?? []));
  scores.agreement.forEach((value, k) => (answers[ok[k].i].agreement = value));
  if (scores.consistency === undefined) warnings.push("Consistency needs at least two answers.");
  else if (scores.mostlyNonAnswers) warnings.push(nonAnswerWarning(scores.nonAnswers?.length ?? 0, texts.length));
  return { question, config, probes: probeSet.probes, droppedProbes: probeSet.dropped, answers, scores, warnings };
}

/** The probes of a question: the user's, or written by the prober and validated. */
export async function probeStep(question: string, input: Pick<AuditInput, "config" | "probes">, deps: AuditDeps): Promise<ProbeSet> {
  if (input.probes) return userProbes(question, input.probes, deps.probeMetric ?? deps.metric);
  if (input.config.probeCount === 0) return { probes: [], dropped: [], warnings: [] };
  const { config } = input;
  // The prober's own failures say so; the metric's (an embedding server, say) speak for themselves.
  const complete: Complete = (spec, stream) =>
    deps.complete(spec, stream).catch((error: unknown) => {
      throw error instanceof ProviderError ? new AuditError(`The prober could not write probes: ${error.message}`, { cause: error }) : error;
    });
  return generateProbes(
    { question, count: config.probeCount, prober: config.prober, temperature: config.proberTemperature, maxTokens: config.maxTokens, diversity: config.diversity },
    complete,
    deps.probeMetric ?? deps.metric,
  );
}

/** The target answers the question and every probe, `samples` times each; failures are kept as data. */
async function answerAll(question: string, probes: Probe[], config: AuditConfig, complete: Complete, events?: AuditEvents): Promise<Answer[]> {
  const prompts = [question, ...probes.map((p) => p.text)];
  const answers: Answer[] = prompts.flatMap((prompt, promptIndex) => Array.from({ length: config.samples }, (_, sampleIndex) => ({ promptIndex, prompt, sampleIndex })));
  await Promise.all(
    answers.map(async (answer, index) => {
      const spec = {
        role: "answer" as const,
        model: config.target,
        messages: [{ role: "user" as const, content: answer.prompt }],
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        sampleIndex: answer.sampleIndex,
      };
      const onDelta = events?.onAnswerDelta;
      try {
        const result = await complete(spec, onDelta ? { onDelta: (text) => onDelta(index, text) } : undefined);
        answer.text = result.text.trim();
        answer.finishReason = result.finishReason;
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        answer.error = { kind: error.kind, message: error.message };
      }
      events?.onAnswer?.(index, answer);
    }),
  );
  return answers;
}

function answerWarnings(answers: Answer[], config: AuditConfig): string[] {
  const warnings: string[] = [];
  const failed = answers.filter((a) => a.error);
  if (failed.length) warnings.push(`${failed.length} of ${answers.length} answers failed and are left out of the scores (first: ${failed[0].error!.message}).`);
  const cut = answers.filter((a) => a.finishReason === "length").length;
  if (cut) warnings.push(`${cut} answer(s) hit the token limit (${config.maxTokens}); raise --max-tokens for complete answers.`);
  if (config.samples > 1 && config.temperature === 0) warnings.push("Several samples at temperature 0 are near-identical; sampling noise will look small.");
  return warnings;
}
