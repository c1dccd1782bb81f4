/** How numbers and answers are named on the page: scores always as numbers (two decimals), answers as Q, P1, P2 … */

export function fixed(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || Number.isNaN(x) ? "–" : x.toFixed(digits);
}

/** Judged on the number shown, so "0.60" is never marked as under 0.60. */
export function isBelow(x: number | null | undefined, threshold: number): boolean {
  return x !== null && x !== undefined && Number(fixed(x)) < threshold;
}

export function answerLabel(answer: { promptIndex: number; sample: number }, samples: number): string {
  const base = answer.promptIndex === 0 ? "Q" : `P${answer.promptIndex}`;
  return samples > 1 ? `${base}.${answer.sample + 1}` : base;
}

/** Background for a 0..1 score: light (dissimilar) to deep blue (similar), and a text colour that reads on it. */
export function scoreColors(x: number): { background: string; color: string } {
  const v = Math.min(1, Math.max(0, x));
  const lightness = 96 - v * 62;
  return { background: `hsl(212 70% ${lightness}%)`, color: lightness < 55 ? "#fff" : "#111" };
}

export function when(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
