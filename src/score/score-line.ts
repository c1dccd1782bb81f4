/**
 * Scores one `auditllm score` input: the pairwise matrix of its responses, consistency, agreement, what
 * the responses say (contradictions, meaning clusters, semantic entropy, sentence support), probe
 * relevance, truthfulness against references and the support of given claims.
 */
import { agreement } from "../core/agreement.js";
import { analyseMeaning, claimSupport } from "../core/meaning.js";
import { DISSIMILAR_THRESHOLD, nonAnswerWarning, round4 as round, scoreMatrix } from "../core/scores.js";
import { truthfulness } from "../core/truthfulness.js";
import type { Contradiction, NonAnswer } from "../core/types.js";
import type { SimilarityMetric } from "../similarity/types.js";
import type { ScoreInput } from "./input.js";

export interface ScoreOutput {
  id: string | number | null;
  line: number;
  /** The metric behind every number of this line. */
  metric: string;
  consistency: number | null;
  agreement: (number | null)[];
  pairwise: number[][];
  dissimilarPairs: { a: number; b: number; similarity: number }[];
  outliers: number[];
  /** Responses that answer nothing (refusals, "I don't know", restatements), left out of consistency and clusters. */
  nonAnswers: NonAnswer[];
  mostlyNonAnswers?: boolean;
  contradictions: Contradiction[];
  /** Responses grouped by meaning (indices), their count, and the entropy over them (nats). */
  clusters: number[][];
  distinctAnswers: number;
  semanticEntropy: number;
  /** Per response, its sentences and how well the other responses back each. */
  sentences: { text: string; support: number }[][];
  probeRelevance?: number[];
  /** Mean over responses; per response in truthfulnessPerResponse. */
  truthfulness?: number;
  truthfulnessPerResponse?: number[];
  claims?: { text: string; support: number }[];
  warnings?: string[];
}

/**
 * The prompt each response answered, when the line says: with one more response than probes, response 0
 * answers the question and response k probe k; otherwise every response answers the question.
 */
export function responsePrompts(input: ScoreInput): (string | undefined)[] | undefined {
  const probes = input.probes;
  if (!probes?.length || input.responses.length !== probes.length + 1) return undefined;
  return [undefined, ...probes];
}

/** `probeMetric` scores probe relevance (default: metric; a judge is not asked whether questions "agree"). */
export async function scoreLine(input: ScoreInput, line: number, metric: SimilarityMetric, probeMetric = metric): Promise<ScoreOutput> {
  const context = input.question ? { question: input.question } : undefined;
  const focus = { question: input.question, prompts: responsePrompts(input) };
  const found = await agreement(input.responses, metric, focus);
  const pairwise = found.pairwise;
  const scores = scoreMatrix(pairwise, { metric: metric.name, nonAnswers: found.nonAnswers });
  const meaning = await analyseMeaning(input.responses, found, metric, DISSIMILAR_THRESHOLD, focus);
  const output: ScoreOutput = {
    id: input.id,
    line,
    metric: metric.name,
    consistency: scores.consistency === undefined ? null : round(scores.consistency),
    agreement: input.responses.length < 2 ? [null] : scores.agreement.map(round),
    pairwise: pairwise.map((row) => row.map(round)),
    dissimilarPairs: scores.dissimilarPairs.map((p) => ({ ...p, similarity: round(p.similarity) })),
    outliers: scores.outliers,
    nonAnswers: found.nonAnswers,
    ...(scores.mostlyNonAnswers ? { mostlyNonAnswers: true } : {}),
    contradictions: meaning.contradictions,
    clusters: meaning.clusters,
    distinctAnswers: meaning.clusters.length,
    semanticEntropy: round(meaning.semanticEntropy),
    sentences: meaning.sentences.map((list) => list.map((s) => ({ text: s.text, support: round(s.support) }))),
  };
  if (input.question && input.probes?.length) {
    const [relevance] = await probeMetric.cross([input.question], input.probes, context);
    output.probeRelevance = relevance!.map(round);
  }
  if (input.reference) {
    const perResponse = await truthfulness(input.responses, input.reference, metric, context);
    if (perResponse) {
      output.truthfulness = round(perResponse.reduce((s, x) => s + x, 0) / perResponse.length);
      output.truthfulnessPerResponse = perResponse.map(round);
    }
  }
  if (input.claims) {
    const support = await claimSupport(input.claims, input.responses, metric, context);
    output.claims = input.claims.map((text, i) => ({ text, support: round(support[i]!) }));
  }
  const warnings = [
    ...(input.responses.length < 2 ? ["consistency needs at least two responses"] : []),
    ...(scores.mostlyNonAnswers ? [nonAnswerWarning(found.nonAnswers.length, input.responses.length)] : []),
    ...(metric.takeWarnings?.() ?? []),
  ];
  if (warnings.length) output.warnings = warnings;
  return output;
}
