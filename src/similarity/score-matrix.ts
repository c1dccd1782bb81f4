/**
 * Builds cross and pairwise matrices from a metric's two halves: `prepare` turns every distinct text into
 * its representation once per call, `score` compares two representations. Identical strings score 1,
 * the pairwise matrix is computed on one triangle and mirrored, so it is exactly symmetric.
 */
import type { SimilarityMetric } from "./types.js";

export interface MetricParts<T> {
  name: string;
  /** One representation per text, in order (called once per cross/pairwise call, texts deduplicated). */
  prepare(texts: string[]): Promise<T[]> | T[];
  /** Similarity of two different texts, in 0..1. */
  score(x: T, y: T): number;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

export function matrixMetric<T>(parts: MetricParts<T>): SimilarityMetric {
  async function prepared(texts: string[]): Promise<Map<string, T>> {
    const distinct = [...new Set(texts)];
    const reps = distinct.length === 0 ? [] : await parts.prepare(distinct);
    return new Map(distinct.map((t, i) => [t, reps[i]!]));
  }
  return {
    name: parts.name,
    async cross(a, b) {
      if (a.length === 0 || b.length === 0) return a.map(() => []);
      const reps = await prepared([...a, ...b]);
      return a.map((x) => b.map((y) => (x === y ? 1 : clamp01(parts.score(reps.get(x)!, reps.get(y)!)))));
    },
    async pairwise(texts) {
      const reps = await prepared(texts);
      const n = texts.length;
      const m = Array.from({ length: n }, () => new Array<number>(n).fill(1));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const s = texts[i] === texts[j] ? 1 : clamp01(parts.score(reps.get(texts[i]!)!, reps.get(texts[j]!)!));
          m[i]![j] = s;
          m[j]![i] = s;
        }
      }
      return m;
    },
  };
}
