/**
 * What the answers say, beyond how alike they read: which pairs contradict each other, how many distinct
 * answers there are (meaning clusters) and the entropy over them (discrete semantic entropy, Kuhn et al.
 * 2023; Farquhar et al. 2024), and how well the other answers back each sentence of each answer.
 *
 * Clusters: answers join, in order, the first cluster whose members they agree with on average at or above
 * the threshold and contradict none of; otherwise they start a cluster. Agreement and contradictions come
 * from core/agreement.ts (the rule-based check in similarity/conflict.ts, or an LLM judge's verdicts).
 */
import { givenStems, type FocusContext } from "../similarity/focus.js";
import { splitSentences } from "../similarity/sentences.js";
import { wordSupport } from "../similarity/support.js";
import type { CompareContext, PairConflict, SimilarityMetric } from "../similarity/types.js";
import type { Agreement } from "./agreement.js";
import type { Contradiction, SentenceSupport } from "./types.js";

export interface Meaning {
  clusters: number[][];
  semanticEntropy: number;
  contradictions: Contradiction[];
  sentences: SentenceSupport[][];
}

/**
 * Meaning analysis of texts whose agreement is known (core/agreement.ts): contradictions, clusters of the
 * texts that answer (non-answers are in no cluster) and the entropy over them, sentence support.
 */
export async function analyseMeaning(texts: string[], found: Agreement, metric: SimilarityMetric, threshold: number, context: FocusContext = {}): Promise<Meaning> {
  const matrix = found.conflicts;
  const contradictions: Contradiction[] = [];
  for (let a = 0; a < texts.length; a++) {
    for (let b = a + 1; b < texts.length; b++) {
      const c = matrix[a]?.[b];
      if (c) contradictions.push(contradiction(a, b, c));
    }
  }
  const { clusters, answering } = answerClusters(found, threshold);
  return {
    clusters,
    semanticEntropy: clusterEntropy(clusters, answering),
    contradictions,
    sentences: await sentenceSupport(texts, metric, context),
  };
}

function contradiction(a: number, b: number, c: PairConflict): Contradiction {
  return { a, b, kind: c.kind, ...(c.a !== undefined && c.b !== undefined ? { says: [c.a, c.b] as [string, string] } : {}) };
}

/** Meaning clusters of the texts that answer (indices into all texts), and how many answer. */
export function answerClusters(found: Agreement, threshold: number): { clusters: number[][]; answering: number } {
  const left = new Set(found.nonAnswers.map((x) => x.index));
  const answering = found.pairwise.map((_, i) => i).filter((i) => !left.has(i));
  const sub = answering.map((i) => answering.map((j) => found.pairwise[i]![j]!));
  const clusters = meaningClusters(sub, (a, b) => found.conflicts[answering[a]!]?.[answering[b]!] !== undefined, threshold);
  return { clusters: clusters.map((members) => members.map((k) => answering[k]!)), answering: answering.length };
}

/** Average-linkage greedy clustering; two contradicting texts never share a cluster. */
export function meaningClusters(pairwise: number[][], contradict: (a: number, b: number) => boolean, threshold: number): number[][] {
  const clusters: number[][] = [];
  for (let i = 0; i < pairwise.length; i++) {
    const home = clusters.find((members) => {
      if (members.some((j) => contradict(i, j))) return false;
      let sum = 0;
      for (const j of members) sum += pairwise[i]![j]!;
      return sum / members.length >= threshold;
    });
    if (home) home.push(i);
    else clusters.push([i]);
  }
  return clusters;
}

/** Entropy (nats) of the share of answers in each cluster. */
export function clusterEntropy(clusters: number[][], n: number): number {
  let h = 0;
  for (const members of clusters) {
    const p = members.length / n;
    if (p > 0) h -= p * Math.log(p);
  }
  return h === 0 ? 0 : h; // no -0
}

/**
 * Each text's sentences, each scored by how well the other texts back it. Metrics with their own support
 * measure are asked once per text; the rest compare every sentence with every sentence in one call (so an
 * embedding model embeds each sentence once); a costly metric (a judge) is replaced by the offline word
 * support, since n² sentence calls would be too many.
 */
export async function sentenceSupport(texts: string[], metric: SimilarityMetric, context: FocusContext = {}): Promise<SentenceSupport[][]> {
  const split = texts.map(splitSentences);
  let support: number[][];
  if (context.question) {
    // What a sentence says beyond the question and its own prompt is what the others must back.
    const question = givenStems(context.question);
    support = split.map((sentences, i) => {
      const prompt = context.prompts?.[i];
      const given = prompt ? new Set([...question, ...givenStems(prompt)]) : question;
      return wordSupport(
        sentences,
        texts.filter((_, j) => j !== i),
        metric.wordWeight?.bind(metric),
        given,
      );
    });
  } else if (metric.costly)
    support = split.map((sentences, i) =>
      wordSupport(
        sentences,
        texts.filter((_, j) => j !== i),
      ),
    );
  else if (metric.support)
    support = await Promise.all(
      split.map((sentences, i) =>
        claimSupport(
          sentences,
          texts.filter((_, j) => j !== i),
          metric,
          context,
        ),
      ),
    );
  else {
    const all = split.flat();
    const matrix = all.length ? await metric.cross(all, all, context) : [];
    const start = offsets(split);
    support = split.map((sentences, i) =>
      sentences.map((_, k) => {
        const row = matrix[start[i]! + k]!;
        const others = split.map((list, j) => (j === i ? undefined : bestOf(row, start[j]!, list.length))).filter((x): x is number => x !== undefined);
        return others.length ? others.reduce((sum, x) => sum + x, 0) / others.length : 1;
      }),
    );
  }
  return split.map((sentences, i) => sentences.map((text, k) => ({ text, support: support[i]![k]! })));
}

/** Where each list starts in the flattened lists. */
function offsets(lists: unknown[][]): number[] {
  const start: number[] = [];
  let at = 0;
  for (const list of lists) {
    start.push(at);
    at += list.length;
  }
  return start;
}

/** The best value of row[from .. from+count), 0 for an empty range (a passage with no sentence backs nothing). */
function bestOf(row: number[], from: number, count: number): number {
  let best = 0;
  for (let k = from; k < from + count; k++) best = Math.max(best, row[k]!);
  return best;
}

/**
 * How well the passages back each claim: the metric's own measure, else the mean over passages of the
 * claim's best similarity to one of the passage's sentences (every sentence compared in one call).
 */
export async function claimSupport(claims: string[], passages: string[], metric: SimilarityMetric, context?: CompareContext): Promise<number[]> {
  if (claims.length === 0) return [];
  if (passages.length === 0) return claims.map(() => 1);
  // Claims about a known question are backed on what they say beyond it (see sentenceSupport).
  if (context?.question && !metric.costly) return wordSupport(claims, passages, metric.wordWeight?.bind(metric), givenStems(context.question));
  if (metric.support) return metric.support(claims, passages, context);
  const split = passages.map(splitSentences);
  const all = split.flat();
  const matrix = all.length ? await metric.cross(claims, all, context) : claims.map(() => []);
  const start = offsets(split);
  return matrix.map((row) => split.reduce((sum, list, j) => sum + bestOf(row, start[j]!, list.length), 0) / passages.length);
}
