/**
 * A target's headline numbers as one line of text (the CLI's batch summary), named and counted as the HTML
 * report and the web pages name them: "failed" is an audit that ended in an error; "no score" is an audit
 * that had fewer than two answers to compare (e.g. no usable probe), not a failure of the model or the run.
 */
export interface TargetCounts {
  target: string;
  audited: number;
  failed: number;
  noScore: number;
  meanConsistency: number | null;
}

export const NO_SCORE_REASON = "fewer than two answers to compare";

export function targetLine(s: TargetCounts): string {
  const mean = s.meanConsistency === null ? "–" : s.meanConsistency.toFixed(3);
  const parts = [`${s.target}: mean consistency ${mean} over ${s.audited} question(s)`];
  if (s.noScore) parts.push(`${s.noScore} with no score (${NO_SCORE_REASON})`);
  if (s.failed) parts.push(`${s.failed} failed (the error is in results.csv)`);
  return parts.join(", ");
}
