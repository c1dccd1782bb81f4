/**
 * Paired comparison of scores: the same questions scored twice (two targets of one run, or two runs). The mean
 * difference with its normal-approximation 95% interval, and how many moved by more than a margin either way.
 * Pure: the batch report's target comparison and `auditllm compare` (with the web app's Compare page) share it.
 */

/** Mean of n differences from their sum and sum of squares, with a 95% interval when n ≥ 2. */
export function meanInterval(n: number, sum: number, sumSq: number): { mean: number; ci?: [number, number] } {
  if (n === 0) return { mean: Number.NaN };
  const mean = sum / n;
  if (n < 2) return { mean };
  const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, ci: [mean - half, mean + half] };
}

/** Differences closer than this to a limit count as on it (scores are sums of floating-point numbers). */
const EPSILON = 1e-9;

/** How far a question's score must move between two runs to count as better or worse (default). */
export const COMPARE_MARGIN = 0.05;

export interface PairedStats {
  /** Questions in both. */
  n: number;
  /** Mean of b − a; null with no question in both. */
  meanDifference: number | null;
  /** 95% interval of meanDifference (n ≥ 2). */
  interval: [number, number] | null;
  /** Questions better (b − a > margin) and worse (b − a < −margin) in b. */
  better: number;
  worse: number;
  /** worse ÷ n (0 with no question). */
  worseShare: number;
  margin: number;
}

/** The statistics of paired scores `a` → `b`. */
export function pairedStats(pairs: Iterable<{ a: number; b: number }>, margin = COMPARE_MARGIN): PairedStats {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let better = 0;
  let worse = 0;
  for (const { a, b } of pairs) {
    const d = b - a;
    n++;
    sum += d;
    sumSq += d * d;
    if (d > margin + EPSILON) better++;
    else if (d < -margin - EPSILON) worse++;
  }
  const { mean, ci } = meanInterval(n, sum, sumSq);
  return { n, meanDifference: n ? mean : null, interval: ci ?? null, better, worse, worseShare: n ? worse / n : 0, margin };
}

export interface PairedGate {
  /** Fails when the mean drops by more than this (mean difference < −failIfWorse). */
  failIfWorse?: number;
  /** Fails when more than this share (0..1) of the questions got worse by more than the margin. */
  maxWorseShare?: number;
}

/** Why a comparison fails the gate (empty: it passes). No question in both fails any gate that is set. */
export function gateFailures(stats: PairedStats, gate: PairedGate): string[] {
  if (gate.failIfWorse === undefined && gate.maxWorseShare === undefined) return [];
  if (stats.n === 0 || stats.meanDifference === null) return ["no question is scored in both runs"];
  const failures: string[] = [];
  if (gate.failIfWorse !== undefined && stats.meanDifference < -gate.failIfWorse - EPSILON) {
    failures.push(`mean consistency dropped by ${(-stats.meanDifference).toFixed(3)}, more than ${gate.failIfWorse}`);
  }
  if (gate.maxWorseShare !== undefined && stats.worseShare > gate.maxWorseShare + EPSILON) {
    failures.push(`${(stats.worseShare * 100).toFixed(1)}% of the questions got worse by more than ${stats.margin}, more than ${(gate.maxWorseShare * 100).toFixed(1)}%`);
  }
  return failures;
}
