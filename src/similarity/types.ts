/**
 * A similarity metric scores how much two texts mean the same thing, on 0..1 where 1 is "same meaning".
 * Scores are calibrated so that the paper's 0.60 "dissimilar" threshold keeps its meaning across metrics
 * (see each metric's docs for how it was calibrated).
 */
export interface SimilarityMetric {
  /** Stable name written beside every number it produced, e.g. "hybrid". */
  readonly name: string;
  /** Similarity of every a[i] with every b[j]: an a.length × b.length matrix of numbers in 0..1. */
  cross(a: string[], b: string[]): Promise<number[][]>;
  /** Symmetric texts.length² matrix with 1 on the diagonal. */
  pairwise(texts: string[]): Promise<number[][]>;
}
