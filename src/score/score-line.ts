/** Scores one `auditllm score` input: the pairwise matrix of its responses, consistency, agreement, probe relevance. */
import { round4 as round, scoreMatrix } from "../core/scores.js";
import type { SimilarityMetric } from "../similarity/types.js";
import type { ScoreInput } from "./input.js";

export interface ScoreOutput {
  id: string | number | null;
  line: number;
  metric: string;
  consistency: number | null;
  agreement: (number | null)[];
  pairwise: number[][];
  dissimilarPairs: { a: number; b: number; similarity: number }[];
  outliers: number[];
  probeRelevance?: number[];
  warnings?: string[];
}

export async function scoreLine(input: ScoreInput, line: number, metric: SimilarityMetric): Promise<ScoreOutput> {
  const pairwise = await metric.pairwise(input.responses);
  const scores = scoreMatrix(pairwise, { metric: metric.name });
  const output: ScoreOutput = {
    id: input.id,
    line,
    metric: metric.name,
    consistency: scores.consistency === undefined ? null : round(scores.consistency),
    agreement: input.responses.length < 2 ? [null] : scores.agreement.map(round),
    pairwise: pairwise.map((row) => row.map(round)),
    dissimilarPairs: scores.dissimilarPairs.map((p) => ({ ...p, similarity: round(p.similarity) })),
    outliers: scores.outliers,
  };
  if (input.question && input.probes?.length) {
    const [relevance] = await metric.cross([input.question], input.probes);
    output.probeRelevance = relevance.map(round);
  }
  if (input.responses.length < 2) output.warnings = ["consistency needs at least two responses"];
  return output;
}
