/**
 * Answer agreement: the matrix every score is computed from. It starts from the metric's similarity and,
 * when the question is known, focuses it on what the answers say beyond the question:
 *  - a pair whose answers both say something beyond their question and prompt is judged mostly on that
 *    (similarity/focus.ts: weighted containment of one answer's core in the other's, CORE_WEIGHT of it,
 *    the rest the metric's similarity), so "King James I." agrees with "James I held the throne in 1616";
 *  - a pair that states different facts in the same slot (numbers, names, yes/no: similarity/conflict.ts,
 *    or the metric's own verdicts for an LLM judge) agrees at most CONFLICT_CAP;
 *  - non-answers (refusals, "I don't know", restatements of a wh-question) are marked; the scores leave
 *    them apart (scores.ts).
 * Without a question, or with an LLM judge (which reads the question itself), the metric's scores are used
 * as they are; conflicts and non-answers are still found, for the meaning analysis and the report. The
 * same rules apply to every similarity metric.
 */
import { conflictMatrix, conflicts as pairConflicts, factsBeyond } from "../similarity/conflict.js";
import { coreAgreement, focusTexts, givenStems, type FocusContext, type Focused } from "../similarity/focus.js";
import type { PairConflict, SimilarityMetric } from "../similarity/types.js";
import type { NonAnswer } from "./types.js";

/** How much a pair that states different facts in the same slot can agree (under the 0.60 line). */
export const CONFLICT_CAP = 0.3;
/** The weight of core containment against the metric's similarity when both answers say something beyond the question. */
export const CORE_WEIGHT = 0.75;

export interface Agreement {
  /** Symmetric, 1 on the diagonal: the answer-focused agreement of every pair. */
  pairwise: number[][];
  /** The metric's similarity before focusing. */
  similarity: number[][];
  conflicts: (PairConflict | undefined)[][];
  nonAnswers: NonAnswer[];
}

/** The agreement of every pair of texts; `context.prompts[i]` is the prompt text i answered (when not the question). */
export async function agreement(texts: string[], metric: SimilarityMetric, context: FocusContext = {}): Promise<Agreement> {
  const compare = context.question ? { question: context.question } : undefined;
  const similarity = await metric.pairwise(texts, compare);
  const conflicts = metric.contradictions ? await metric.contradictions(texts, compare) : conflictMatrix(texts, givenStems(context.question));
  const focused = focusTexts(texts, context);
  const nonAnswers = focused.flatMap((f, index) => (f.nonAnswer ? [{ index, kind: f.nonAnswer }] : []));
  // An LLM judge reads the question itself: its verdicts are the agreement.
  if (!context.question || metric.costly) return { pairwise: similarity, similarity, conflicts, nonAnswers };
  const pairwise = similarity.map((row) => [...row]);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const value = combine(similarity[i]![j]!, coreAgreement(focused[i]!, focused[j]!), conflicts[i]?.[j] !== undefined);
      pairwise[i]![j] = value;
      pairwise[j]![i] = value;
    }
  }
  return { pairwise, similarity, conflicts, nonAnswers };
}

/**
 * Agreement of every text of `left` with every text of `right` (answers against reference answers), all
 * answering `question`; conflicts from the rules unless the metric judges them itself. `focusedLeft` is
 * the left texts' focus when the caller has it already.
 */
export async function agreementCross(left: string[], right: string[], metric: SimilarityMetric, question?: string, focusedLeft: Focused[] = focusTexts(left, { question })): Promise<number[][]> {
  const similarity = await metric.cross(left, right, question ? { question } : undefined);
  const focusedRight = focusTexts(right, { question });
  const rules = !metric.contradictions;
  const given = givenStems(question);
  // Each text's facts beyond the question once, not once per pair.
  const leftFacts = rules ? left.map((t) => factsBeyond(t, given)) : [];
  const rightFacts = rules ? right.map((t) => factsBeyond(t, given)) : [];
  return similarity.map((row, i) =>
    row.map((sim, j) => {
      const conflict = rules && pairConflicts(leftFacts[i]!, rightFacts[j]!).length > 0;
      if (!question || metric.costly) return conflict ? 0 : sim;
      return combine(sim, coreAgreement(focusedLeft[i]!, focusedRight[j]!), conflict);
    }),
  );
}

/** One pair's agreement from the metric's similarity, the core containment (when both have a core) and a conflict. */
export function combine(similarity: number, core: number | undefined, conflict: boolean): number {
  const value = core === undefined ? similarity : CORE_WEIGHT * core + (1 - CORE_WEIGHT) * similarity;
  return conflict ? Math.min(value, CONFLICT_CAP) : value;
}
