/** What every report says about one question × target: its scores, counts, worst pair, outliers and flags. */
import type { BatchRow } from "./types.js";
import type { Answer, AuditResult } from "../../core/types.js";
import { answerLabel } from "../terminal.js";

export interface WorstPair {
  /** Indices into `result.answers`. */
  a: number;
  b: number;
  labels: [string, string];
  similarity: number;
}

export interface RowFacts {
  consistency?: number;
  withinPrompt?: number;
  acrossPrompts?: number;
  answers: number;
  failedAnswers: number;
  probes: number;
  /** Mean similarity of the probes to the question (the paper's x axis). */
  meanRelevance?: number;
  /** The least similar pair of answers (reported even when it is above the threshold). */
  worstPair?: WorstPair;
  /** Indices into `result.answers` of the outlier answers, and their labels. */
  outliers: number[];
  outlierLabels: string[];
  /** Answers that answer nothing, readable: "P3 refusal". */
  nonAnswers: string[];
  /** Meaning clusters and the entropy over them (absent for results stored before meaning analysis existed). */
  distinctAnswers?: number;
  semanticEntropy?: number;
  /** Contradicting pairs, readable: "Q–P2 number (42 vs 28)". */
  contradictions: string[];
  /** Mean truthfulness against the question's references, when it had some. */
  truthfulness?: number;
  /** The sentence the other answers back least (of answers with several sentences), when under the threshold. */
  weakestSentence?: { label: string; text: string; support: number };
  flags: string[];
}

/** Labels Q, P1, … (Q.1, P2.3 with several samples) for a result's answers. */
export function labelOf(result: AuditResult): (answer: Answer) => string {
  return (answer) => answerLabel(answer, result.config.samples);
}

export function rowFacts(row: BatchRow, threshold: number): RowFacts {
  const result = row.result;
  if (!result) return { answers: 0, failedAnswers: 0, probes: 0, outliers: [], outlierLabels: [], nonAnswers: [], contradictions: [], flags: ["error"] };
  const { scores } = result;
  const label = labelOf(result);
  const defined = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? undefined : x);
  const consistency = defined(scores.consistency);
  const outliers = scores.outliers.map((k) => scores.scored[k]);
  const failedAnswers = result.answers.filter((a) => a.error).length;
  const relevance = result.probes.map((p) => p.relevance).filter((x) => !Number.isNaN(x));
  const worstPair = findWorstPair(result, label);
  const flags: string[] = [];
  if (consistency === undefined) flags.push("no_score");
  else if (consistency < threshold) flags.push("inconsistent");
  if (outliers.length) flags.push("outliers");
  const nonAnswers = (scores.nonAnswers ?? []).map((x) => `${label(result.answers[scores.scored[x.index]!]!)} ${x.kind}`);
  if (scores.mostlyNonAnswers) flags.push("mostly_non_answers");
  const contradictions = (scores.contradictions ?? []).map((c) => {
    const [a, b] = [label(result.answers[scores.scored[c.a]!]!), label(result.answers[scores.scored[c.b]!]!)];
    return `${a}–${b} ${c.kind}${c.says ? ` (${c.says[0]} vs ${c.says[1]})` : ""}`;
  });
  if (contradictions.length) flags.push("contradictions");
  let weakestSentence: RowFacts["weakestSentence"];
  (scores.sentences ?? []).forEach((list, k) => {
    if (list.length < 2) return;
    for (const s of list) {
      if (s.support < threshold && (!weakestSentence || s.support < weakestSentence.support)) {
        weakestSentence = { label: label(result.answers[scores.scored[k]!]!), text: s.text, support: s.support };
      }
    }
  });
  if (failedAnswers) flags.push("failed_answers");
  if (result.probes.length < result.config.probeCount) flags.push("few_probes");
  if (result.answers.some((a) => a.finishReason === "length")) flags.push("cut_answers");
  return {
    consistency,
    withinPrompt: defined(scores.withinPrompt),
    acrossPrompts: defined(scores.acrossPrompts),
    answers: result.answers.length,
    failedAnswers,
    probes: result.probes.length,
    meanRelevance: relevance.length ? relevance.reduce((s, x) => s + x, 0) / relevance.length : undefined,
    worstPair,
    outliers,
    outlierLabels: outliers.map((i) => label(result.answers[i])),
    nonAnswers,
    distinctAnswers: scores.clusters?.length,
    semanticEntropy: defined(scores.semanticEntropy),
    contradictions,
    truthfulness: defined(result.truthfulness?.mean),
    weakestSentence,
    flags,
  };
}

function findWorstPair(result: AuditResult, label: (a: Answer) => string): WorstPair | undefined {
  const { pairwise, scored } = result.scores;
  const left = new Set((result.scores.nonAnswers ?? []).map((x) => x.index));
  const skip = pairwise.length - left.size >= 2 ? left : new Set<number>(); // non-answers are no pair's worst
  let best: { i: number; j: number; s: number } | undefined;
  for (let i = 0; i < pairwise.length; i++)
    for (let j = i + 1; j < pairwise.length; j++) {
      if (skip.has(i) || skip.has(j)) continue;
      const s = pairwise[i][j];
      if (!Number.isNaN(s) && (best === undefined || s < best.s)) best = { i, j, s };
    }
  if (!best) return undefined;
  const a = scored[best.i];
  const b = scored[best.j];
  return { a, b, labels: [label(result.answers[a]), label(result.answers[b])], similarity: best.s };
}
