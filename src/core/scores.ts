/** Consistency scores from a pairwise similarity matrix. Pure and synchronous. */
import type { ConsistencyScores, NonAnswer, SimilarPair } from "./types.js";

/** The paper's Live-mode threshold: pairs below it are "dissimilar". */
export const DISSIMILAR_THRESHOLD = 0.6;
/** An answer whose agreement is this far below the median agreement is the odd one out. */
export const OUTLIER_MARGIN = 0.15;

export interface ScoreOptions {
  metric: string;
  threshold?: number;
  /** For each row of the matrix, the prompt it answered (0 = the question). Enables the samples breakdown. */
  promptOf?: number[];
  /** For each row, its index in the caller's answer list (defaults to 0..n-1). */
  scored?: number[];
  /** Rows that answer nothing (core/agreement.ts): left out of consistency, agreement, outliers and dissimilar pairs. */
  nonAnswers?: NonAnswer[];
}

/**
 * Scores of a pairwise agreement matrix. Non-answers count neither as agreeing nor as disagreeing: the
 * scores are those of the answers that answer. When fewer than two answer, every answer is scored as it
 * is (the consistency then says how alike the non-answers are) and `mostlyNonAnswers` says so.
 */
export function scoreMatrix(pairwise: number[][], options: ScoreOptions): ConsistencyScores {
  const n = pairwise.length;
  const threshold = options.threshold ?? DISSIMILAR_THRESHOLD;
  const nonAnswers = options.nonAnswers ?? [];
  const left = new Set(nonAnswers.map((x) => x.index));
  const answering = pairwise.map((_, i) => i).filter((i) => !left.has(i));
  const counted = answering.length >= 2 ? answering : pairwise.map((_, i) => i);
  const inCount = new Set(counted);
  const agreement = pairwise.map((row, i) => (n < 2 ? Number.NaN : mean(counted.filter((j) => j !== i).map((j) => row[j]!))));
  const pairs: SimilarPair[] = [];
  for (let x = 0; x < counted.length; x++) for (let y = x + 1; y < counted.length; y++) pairs.push({ a: counted[x]!, b: counted[y]!, similarity: pairwise[counted[x]!]![counted[y]!]! });
  const scores: ConsistencyScores = {
    metric: options.metric,
    threshold,
    scored: options.scored ?? pairwise.map((_, i) => i),
    pairwise,
    consistency: pairs.length ? mean(pairs.map((p) => p.similarity)) : undefined,
    agreement: n < 2 ? [] : agreement,
    dissimilarPairs: pairs.filter((p) => p.similarity < threshold).sort((x, y) => x.similarity - y.similarity),
    outliers: counted.length < 3 ? [] : outliers(agreement, inCount),
  };
  if (options.nonAnswers) {
    scores.nonAnswers = nonAnswers;
    if (n >= 2 && (answering.length < 2 || nonAnswers.length > n / 2)) scores.mostlyNonAnswers = true;
  }
  if (options.promptOf) Object.assign(scores, samplesBreakdown(pairs, options.promptOf));
  return scores;
}

/**
 * The odd ones out: answers whose agreement is well under the median agreement. Relative on purpose: when
 * every answer disagrees with every other there is no consensus to stand out from (consistency and the
 * dissimilar pairs say so), and one dissenter among three drags the others' agreement down without
 * making them outliers.
 */
function outliers(agreement: number[], among: ReadonlySet<number>): number[] {
  const mid = median(agreement.filter((_, i) => among.has(i)));
  return agreement
    .map((value, i) => ({ value, i }))
    .filter(({ value, i }) => among.has(i) && value < mid - OUTLIER_MARGIN)
    .sort((x, y) => x.value - y.value)
    .map(({ i }) => i);
}

/** Sampling noise (same prompt) against paraphrase sensitivity (different prompts); only when some prompt has ≥ 2 samples. */
function samplesBreakdown(pairs: SimilarPair[], promptOf: number[]): Pick<ConsistencyScores, "withinPrompt" | "acrossPrompts"> {
  const within = pairs.filter((p) => promptOf[p.a] === promptOf[p.b]).map((p) => p.similarity);
  const across = pairs.filter((p) => promptOf[p.a] !== promptOf[p.b]).map((p) => p.similarity);
  if (within.length === 0) return {};
  return { withinPrompt: mean(within), acrossPrompts: across.length ? mean(across) : undefined };
}

/** A score as written in JSON output: four decimals. */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : Number.NaN;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What a question whose answers mostly answer nothing is told. */
export function nonAnswerWarning(nonAnswers: number, answers: number): string {
  return `${nonAnswers} of ${answers} answers answer nothing (refusals, "I don't know", restatements): the consistency says little about what the model knows.`;
}
