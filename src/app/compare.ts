/**
 * Two batch runs compared question by question (the same questions, another target, model version or date):
 * the paired statistics of core/paired.ts over the store's pairing (store/compare.ts), with warnings when the
 * two runs are not measuring the same thing (other probes, another metric), and an optional gate for CI.
 * `auditllm compare` and the web app's Compare page both answer with this.
 */
import { basename } from "node:path";
import { COMPARE_MARGIN, gateFailures, pairedStats, type PairedGate, type PairedStats } from "../core/paired.js";
import { batchConfigOf, getRun, pairedScores, runTargets, type Db } from "../store/index.js";
import { InputError, UsageError } from "./errors.js";

export { COMPARE_MARGIN, type PairedGate } from "../core/paired.js";

export interface CompareOptions extends PairedGate {
  targetA?: string;
  targetB?: string;
  /** How far a question's score must move to count as better or worse (default 0.05). */
  margin?: number;
}

export interface ComparedRun {
  runId: string;
  target: string;
  /** The input file's name. */
  input: string;
  metric: string;
  /** The run whose probes this run reused (batch --probes-from), if any. */
  probesFrom?: string;
}

export interface RunComparison extends PairedStats {
  a: ComparedRun;
  b: ComparedRun;
  /** Questions scored in both (= n). */
  matched: number;
  onlyA: number;
  onlyB: number;
  /** Matched questions asked with other probes in the two runs. */
  probesDiffer: number;
  /** Matched questions, largest drop (b − a) first. */
  rows: { question: string; a: number; b: number; difference: number }[];
  /** Why the difference may not be the model's alone (other probes, another metric). */
  warnings: string[];
  /** Present when a gate was set: why it failed (empty: it passed). */
  gate?: PairedGate & { failures: string[] };
}

function batchRun(db: Db, runId: string) {
  const run = getRun(db, runId);
  if (!run) throw new InputError(`No run ${runId}; \`auditllm runs\` lists them.`);
  if (run.kind !== "batch") throw new InputError(`Run ${runId} is an \`ask\` run; only batch runs can be compared.`);
  return { run, config: batchConfigOf(run) };
}

function targetOf(db: Db, runId: string, wanted: string | undefined, fallback: string | undefined): string {
  const targets = runTargets(db, runId);
  if (wanted !== undefined && !targets.includes(wanted)) {
    throw new UsageError(`Run ${runId} has no results for ${wanted}${targets.length ? `; its targets: ${targets.join(", ")}` : " (it has no results yet)"}.`);
  }
  return wanted ?? (fallback !== undefined && targets.includes(fallback) ? fallback : (targets[0] ?? ""));
}

/**
 * Run b against run a. Targets default to a's first and, in b, the same target if b has it, else b's first.
 * Questions pair by `id` when both rows have one, else by their text.
 */
export function compareRuns(db: Db, runA: string, runB: string, options: CompareOptions = {}): RunComparison {
  const a = batchRun(db, runA);
  const b = batchRun(db, runB);
  const targetA = targetOf(db, runA, options.targetA, undefined);
  const targetB = targetOf(db, runB, options.targetB, targetA);
  const paired = pairedScores(db, { runId: runA, target: targetA }, { runId: runB, target: targetB });
  const stats = pairedStats(paired.rows, options.margin ?? COMPARE_MARGIN);
  const rows = paired.rows.map((r) => ({ question: r.question, a: r.a, b: r.b, difference: r.b - r.a })).sort((p, q) => p.difference - q.difference);
  const probesDiffer = paired.rows.filter((r) => r.probesDiffer).length;
  const side = (id: string, target: string, config: typeof a.config): ComparedRun => ({
    runId: id,
    target,
    input: basename(config.input),
    metric: config.metric,
    ...(config.probesFrom ? { probesFrom: config.probesFrom } : {}),
  });
  const warnings: string[] = [];
  if (a.config.metric !== b.config.metric) {
    warnings.push(`The runs were scored with different metrics (A: ${a.config.metric}, B: ${b.config.metric}): their scores are not on the same scale.`);
  }
  if (probesDiffer) {
    warnings.push(
      `${probesDiffer} of ${stats.n} questions were asked with different probes in the two runs: their differences mix the model's change with the probes'. ` +
        `Run B with --probes-from ${runA} to ask the same probes.`,
    );
  }
  if (stats.n === 0) warnings.push("No question is scored in both runs (questions pair by id, else by their text).");
  const gated = options.failIfWorse !== undefined || options.maxWorseShare !== undefined;
  return {
    ...stats,
    a: side(runA, targetA, a.config),
    b: side(runB, targetB, b.config),
    matched: stats.n,
    onlyA: paired.onlyA,
    onlyB: paired.onlyB,
    probesDiffer,
    rows,
    warnings,
    ...(gated ? { gate: { failIfWorse: options.failIfWorse, maxWorseShare: options.maxWorseShare, failures: gateFailures(stats, options) } } : {}),
  };
}
