/**
 * A similarity metric scores how much two texts mean the same thing, on 0..1 where 1 is "same meaning".
 * Scores are calibrated so that the paper's 0.60 "dissimilar" threshold keeps its meaning across metrics
 * (see each metric's docs for how it was calibrated).
 */
export interface SimilarityMetric {
  /** Stable name written beside every number it produced, e.g. "hybrid". */
  readonly name: string;
  /** Similarity of every a[i] with every b[j]: an a.length × b.length matrix of numbers in 0..1. */
  cross(a: string[], b: string[], context?: CompareContext): Promise<number[][]>;
  /** Symmetric texts.length² matrix with 1 on the diagonal. */
  pairwise(texts: string[], context?: CompareContext): Promise<number[][]>;
  /**
   * How well the passages, taken together, back each claim: one number in 0..1 per claim. Optional: the
   * scoring falls back to each claim's best sentence match in each passage.
   */
  support?(claims: string[], passages: string[], context?: CompareContext): Promise<number[]>;
  /**
   * Which pairs of texts contradict each other (a symmetric boolean matrix), with why. Optional: the
   * scoring falls back to the rule-based check of similarity/conflict.ts.
   */
  contradictions?(texts: string[], context?: CompareContext): Promise<(PairConflict | undefined)[][]>;
  /**
   * Each comparison is a paid model call (an LLM judge): the scoring then backs every sentence of every
   * answer with the offline word support instead, and asks the metric only about given claims.
   */
  readonly costly?: boolean;
  /**
   * How informative a word is (rarer words weigh more), for word-level support; optional (all words
   * weigh the same without it).
   */
  wordWeight?(token: string): number;
  /** Warnings since the last call (e.g. a judge's unreadable verdicts), each once. */
  takeWarnings?(): string[];
}

/** Why two texts contradict each other. */
export interface PairConflict {
  kind: "polarity" | "number" | "name" | "judge";
  /** What each text says (e.g. "42" and "28"); absent for a judge's verdict. */
  a?: string;
  b?: string;
}

/** What the texts being compared are about. Embedded metrics ignore it; an LLM judge needs it ("Yes" means nothing alone). */
export interface CompareContext {
  /** The question the texts answer. */
  question?: string;
}
