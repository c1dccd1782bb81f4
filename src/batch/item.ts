/**
 * One question of a batch: probes written once and shared by every target (so models are compared on
 * the same probes), then each target's answers and scores. Rows that bring their own answers are only
 * scored. Failures are kept per target as data; only a cancel stops the item.
 */
import { AuditError, probeStep, runAudit, scoreJob, type AuditDeps, type ProbeSet } from "../core/audit.js";
import { userProbes } from "../core/probes.js";
import type { Answer, AuditConfig, Probe } from "../core/types.js";
import type { SimilarityMetric } from "../similarity/types.js";
import { ProviderError } from "../providers/errors.js";
import type { TargetOutcome } from "../store/index.js";
import type { InputRow } from "./types.js";

/** The target name of results scored from answers an input row brought. */
export const GIVEN_TARGET = "given";

export interface ItemOutcome {
  probes: ProbeSet["probes"];
  outcomes: TargetOutcome[];
}

export async function auditItem(row: InputRow, targets: string[], config: Omit<AuditConfig, "target">, deps: AuditDeps): Promise<ItemOutcome> {
  if (row.responses) return scoreGiven(row, config, deps);
  let probeSet: ProbeSet;
  try {
    probeSet = row.reusedProbes
      ? await reusedProbes(row.question, row.reusedProbes, deps.probeMetric ?? deps.metric)
      : await probeStep(row.question, { config: { ...config, target: targets[0]! }, probes: row.probes }, deps);
  } catch (error) {
    if (!(error instanceof AuditError || error instanceof ProviderError)) throw error;
    return { probes: [], outcomes: targets.map((target) => ({ target, error: error.message })) };
  }
  const outcomes = await Promise.all(
    targets.map(async (target): Promise<TargetOutcome> => {
      try {
        return { target, result: await runAudit({ question: row.question, config: { ...config, target }, probeSet, reference: row.reference }, deps) };
      } catch (error) {
        if (!(error instanceof AuditError || error instanceof ProviderError)) throw error;
        return { target, error: error.message };
      }
    }),
  );
  return { probes: probeSet.probes, outcomes };
}

/**
 * Answers the row brought. With one answer more than probes they answer the question and each probe in
 * order; otherwise they are samples of the question.
 */
async function scoreGiven(row: InputRow, config: Omit<AuditConfig, "target">, deps: AuditDeps): Promise<ItemOutcome> {
  const responses = row.responses!;
  const probeSet: ProbeSet = row.probes ? await userProbes(row.question, row.probes, deps.probeMetric ?? deps.metric) : { probes: [], dropped: [], warnings: [] };
  const prompts = [row.question, ...probeSet.probes.map((p) => p.text)];
  const paired = responses.length === prompts.length;
  const answers: Answer[] = responses.map((text, i) => ({
    promptIndex: paired ? i : 0,
    prompt: paired ? prompts[i]! : row.question,
    sampleIndex: paired ? 0 : i,
    text,
  }));
  const samples = paired ? 1 : responses.length;
  const job = { question: row.question, config: { ...config, target: GIVEN_TARGET, samples }, probeSet: paired ? probeSet : { ...probeSet, probes: [] }, answers, reference: row.reference };
  const result = await (deps.score ? deps.score(job) : scoreJob(job, deps.metric));
  return { probes: result.probes, outcomes: [{ target: GIVEN_TARGET, result }] };
}

/** Another run's accepted probes of this question (--probes-from): kept as they were, their relevance measured with this run's metric. */
async function reusedProbes(question: string, probes: Probe[], metric: SimilarityMetric): Promise<ProbeSet> {
  const [relevance] = await metric.cross(
    [question],
    probes.map((p) => p.text),
  );
  return { probes: probes.map((p, i) => ({ text: p.text, source: p.source, relevance: relevance![i]! })), dropped: [], warnings: [] };
}
