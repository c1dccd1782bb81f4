/** A tiny, transparent similarity for pipeline tests: Jaccard overlap of lower-cased words. */
import type { SimilarityMetric } from "../similarity/types.js";

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);

export function jaccard(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

export const overlapMetric: SimilarityMetric = {
  name: "test-overlap",
  async cross(a, b) {
    return a.map((x) => b.map((y) => jaccard(x, y)));
  },
  async pairwise(texts) {
    return texts.map((x, i) => texts.map((y, j) => (i === j ? 1 : jaccard(x, y))));
  },
};
