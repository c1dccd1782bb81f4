/**
 * Asks the prober for k probes, keeps the relevant and diverse ones, and asks again (bounded) for the missing.
 * Relevance and near-duplication are judged with the audit's own similarity metric.
 */
import { normalizeForComparison, parseProbeList } from "../probes/parse.js";
import { moreProbesPrompt, probePrompt } from "../probes/template.js";
import { contentSignature } from "../similarity/signature.js";
import type { SimilarityMetric } from "../similarity/types.js";
import type { CallSpec, Complete, DroppedProbe, Probe } from "./types.js";

/**
 * A probe less similar than this to the question has probably changed its meaning. Measured with the hybrid
 * metric on SAC3's 2,500 GPT-3.5 paraphrases of NQ-open questions: 0.35 drops 42 of them (1.7%), while
 * 1 of 2,500 paraphrases of a different question reaches it (see docs/SIMILARITY.md, "Probe relevance").
 */
export const MIN_RELEVANCE = 0.35;
/**
 * A probe at least this similar to the question or another probe adds no diversity. The same content words
 * in another order (see contentSignature) count as a copy too: for two different strings the hybrid metric
 * stays under 0.94 however alike they are.
 */
export const MAX_SIMILARITY = 0.95;

export interface ProbeRequest {
  question: string;
  count: number;
  prober: string;
  temperature: number;
  maxTokens: number;
  diversity: "low" | "medium" | "high";
  /** Prober calls after the first one, for probes that were missing or dropped. */
  maxExtraRounds?: number;
  minRelevance?: number;
  maxSimilarity?: number;
}

export interface ProbeSet {
  probes: Probe[];
  dropped: DroppedProbe[];
  warnings: string[];
}

export async function generateProbes(request: ProbeRequest, complete: Complete, metric: SimilarityMetric): Promise<ProbeSet> {
  const { question, count } = request;
  const accepted: Probe[] = [];
  const dropped: DroppedProbe[] = [];
  const rounds = 1 + (request.maxExtraRounds ?? 2);
  const asked = new Set<string>();
  for (let round = 0; round < rounds && accepted.length < count; round++) {
    // Asking again lists what was accepted and what was rejected, so each request differs from the last;
    // one that would not (nothing new came back) is not worth a call at temperature 0.
    const seen = [...accepted.map((p) => p.text), ...dropped.map((d) => d.text)];
    const messages = round === 0 ? probePrompt(question, count, { diversity: request.diversity }) : moreProbesPrompt(question, seen, count - accepted.length, { diversity: request.diversity });
    const fingerprint = JSON.stringify(messages);
    if (asked.has(fingerprint)) break;
    asked.add(fingerprint);
    const spec: CallSpec = { role: "probe", model: request.prober, messages, temperature: request.temperature, maxTokens: request.maxTokens, sampleIndex: 0 };
    const { text } = await complete(spec);
    const candidates = parseProbeList(text, { question, exclude: seen });
    if (candidates.length === 0) continue;
    const verdicts = await judgeCandidates(question, accepted, candidates, metric, request);
    for (const verdict of verdicts) {
      if (accepted.length >= count) break;
      if (verdict.reason) dropped.push({ text: verdict.text, reason: verdict.reason });
      else accepted.push({ text: verdict.text, source: "generated", relevance: verdict.relevance });
    }
  }
  const warnings = accepted.length < count ? [`The prober gave ${accepted.length} usable probe(s) of ${count} asked for.`] : [];
  return { probes: accepted, dropped, warnings };
}

interface Verdict {
  text: string;
  relevance: number;
  reason?: string;
}

/** Decides, in order, which candidates to keep: each is compared with the question, the accepted probes and the earlier candidates. */
async function judgeCandidates(question: string, accepted: Probe[], candidates: string[], metric: SimilarityMetric, request: ProbeRequest): Promise<Verdict[]> {
  const minRelevance = request.minRelevance ?? MIN_RELEVANCE;
  const maxSimilarity = request.maxSimilarity ?? MAX_SIMILARITY;
  const pool = [...accepted.map((p) => p.text), ...candidates];
  const [relevance] = await metric.cross([question], candidates);
  const similarity = await metric.pairwise(pool);
  const keptPool = accepted.map((_, i) => i);
  const signatures = pool.map(contentSignature);
  const questionSignature = contentSignature(question);
  return candidates.map((text, c) => {
    const poolIndex = accepted.length + c;
    const verdict: Verdict = { text, relevance: relevance[c] };
    // Each reason names the rule that dropped the probe.
    if (signatures[poolIndex] === questionSignature) verdict.reason = `too close to the question: the same content words (similarity ${relevance[c].toFixed(2)})`;
    else if (relevance[c] >= maxSimilarity) verdict.reason = `too close to the question (similarity ${relevance[c].toFixed(2)} ≥ ${maxSimilarity})`;
    else if (relevance[c] < minRelevance) verdict.reason = `too far from the question (relevance ${relevance[c].toFixed(2)} < ${minRelevance})`;
    else {
      const twin = keptPool.find((k) => signatures[k] === signatures[poolIndex] || similarity[k][poolIndex] >= maxSimilarity);
      if (twin !== undefined) {
        const rule = signatures[twin] === signatures[poolIndex] ? "the same content words" : `similarity ${similarity[twin]![poolIndex]!.toFixed(2)} ≥ ${maxSimilarity}`;
        verdict.reason = `near-duplicate of "${pool[twin]}" (${rule})`;
      }
    }
    if (!verdict.reason) keptPool.push(poolIndex);
    return verdict;
  });
}

/**
 * Probes the user wrote: kept as written, with their relevance measured, a warning for ones that look
 * off, and copies of the question or of each other dropped (they would fake agreement).
 */
export async function userProbes(question: string, texts: string[], metric: SimilarityMetric, minRelevance = MIN_RELEVANCE): Promise<ProbeSet> {
  const dropped: DroppedProbe[] = [];
  const seen = new Set([normalizeForComparison(question)]);
  const clean: string[] = [];
  for (const text of texts.map((t) => t.trim()).filter(Boolean)) {
    const norm = normalizeForComparison(text);
    if (seen.has(norm)) dropped.push({ text, reason: norm === normalizeForComparison(question) ? "the question itself" : "given twice" });
    else {
      seen.add(norm);
      clean.push(text);
    }
  }
  const [relevance] = clean.length ? await metric.cross([question], clean) : [[]];
  const probes = clean.map((text, i) => ({ text, source: "user" as const, relevance: relevance[i] }));
  const warnings = probes
    .filter((p) => p.relevance < minRelevance)
    .map((p) => `Probe "${p.text}" looks far from the question (relevance ${p.relevance.toFixed(2)}); answers to it may differ for that reason.`);
  if (dropped.length) warnings.push(`${dropped.length} of your probes repeated the question or another probe and were left out.`);
  return { probes, dropped, warnings };
}
