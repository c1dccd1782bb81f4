/**
 * The public JSON shape of one audit (`ask --json`, `show --json`, the web API). Indices in pairwise,
 * dissimilarPairs and outliers refer to `answers`; failed answers have no row in pairwise (see `scored`).
 */
import { round4 } from "../core/scores.js";
import type { AuditResult } from "../core/types.js";

export interface AuditJson {
  runId?: string;
  question: string;
  target: string;
  prober: string;
  metric: string;
  threshold: number;
  consistency: number | null;
  withinPrompt?: number | null;
  acrossPrompts?: number | null;
  probes: { text: string; source: string; relevance: number }[];
  droppedProbes: { text: string; reason: string }[];
  answers: { prompt: string; promptIndex: number; sample: number; text: string | null; agreement: number | null; finishReason?: string; error?: { kind: string; message: string } }[];
  scored: number[];
  pairwise: number[][];
  dissimilarPairs: { a: number; b: number; similarity: number }[];
  outliers: number[];
  /** Answers (indices into `answers`) that answer nothing: left out of consistency, outliers and clusters. */
  nonAnswers: { index: number; kind: string }[];
  /** Present (true) when at most one answer answers or most answer nothing. */
  mostlyNonAnswers?: boolean;
  /** Answers (indices into `answers`) grouped by meaning; how many groups; the entropy over them (nats). */
  clusters: number[][];
  /** null for audits stored before meaning analysis existed (as are the lists then empty). */
  distinctAnswers: number | null;
  semanticEntropy: number | null;
  /** Pairs of answers (indices into `answers`) that contradict each other, with what each says. */
  contradictions: { a: number; b: number; kind: string; says?: [string, string] }[];
  /** Per answer (null for failed ones): its sentences and how well the other answers back each. */
  sentences: ({ text: string; support: number }[] | null)[];
  /** With reference answers: closeness to the correct ones rather than the incorrect ones (0..1). */
  truthfulness?: { metric: string; mean: number; perAnswer: (number | null)[] };
  config: AuditResult["config"];
  warnings: string[];
}

/** A number at 4 places; null for none, NaN, or a NaN read back from the store (JSON wrote it as null). */
const round = (x: number | null | undefined): number | null => (x == null || Number.isNaN(x) ? null : round4(x));

export function toAuditJson(result: AuditResult, runId?: string): AuditJson {
  const { scores } = result;
  const toAnswer = (k: number) => scores.scored[k];
  const json: AuditJson = {
    ...(runId ? { runId } : {}),
    question: result.question,
    target: result.config.target,
    prober: result.config.prober,
    metric: scores.metric,
    threshold: scores.threshold,
    consistency: round(scores.consistency),
    probes: result.probes.map((p) => ({ text: p.text, source: p.source, relevance: round(p.relevance) ?? 0 })),
    droppedProbes: result.droppedProbes,
    answers: result.answers.map((a) => ({
      prompt: a.prompt,
      promptIndex: a.promptIndex,
      sample: a.sampleIndex,
      text: a.text ?? null,
      agreement: round(a.agreement),
      ...(a.finishReason ? { finishReason: a.finishReason } : {}),
      ...(a.error ? { error: a.error } : {}),
    })),
    scored: scores.scored,
    pairwise: scores.pairwise.map((row) => row.map((x) => round(x) ?? 0)),
    dissimilarPairs: scores.dissimilarPairs.map((p) => ({ a: toAnswer(p.a), b: toAnswer(p.b), similarity: round(p.similarity) ?? 0 })),
    outliers: scores.outliers.map(toAnswer),
    nonAnswers: (scores.nonAnswers ?? []).map((x) => ({ index: toAnswer(x.index)!, kind: x.kind })),
    ...(scores.mostlyNonAnswers ? { mostlyNonAnswers: true } : {}),
    clusters: (scores.clusters ?? []).map((members) => members.map(toAnswer)),
    distinctAnswers: scores.clusters?.length ?? null,
    semanticEntropy: round(scores.semanticEntropy),
    contradictions: (scores.contradictions ?? []).map((c) => ({ ...c, a: toAnswer(c.a), b: toAnswer(c.b) })),
    sentences: result.answers.map((_, i) => {
      const k = scores.scored.indexOf(i);
      const list = k >= 0 ? scores.sentences?.[k] : undefined;
      return list ? list.map((s) => ({ text: s.text, support: round(s.support) ?? 0 })) : null;
    }),
    config: result.config,
    warnings: result.warnings,
  };
  if (result.truthfulness) {
    const perAnswer = result.answers.map((_, i) => {
      const k = scores.scored.indexOf(i);
      return k >= 0 ? round(result.truthfulness!.perAnswer[k]) : null;
    });
    json.truthfulness = { metric: result.truthfulness.metric, mean: round(result.truthfulness.mean) ?? 0, perAnswer };
  }
  if (result.config.samples > 1) {
    json.withinPrompt = round(scores.withinPrompt);
    json.acrossPrompts = round(scores.acrossPrompts);
  }
  return json;
}
