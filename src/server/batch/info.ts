/**
 * What the pages show of a stored batch run: its input's name (never the server's path), targets with their
 * mean consistency, status and settings. A finished run's means come from its stored summary; a running or
 * stopped one's are computed from the results stored so far. No server address of the config is ever sent.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { DISSIMILAR_THRESHOLD } from "../../core/scores.js";
import { batchConfigOf, getRun, runCategories, skippedRows, targetSummaries, type Db, type RunRow } from "../../store/index.js";
import type { BatchProgress, BatchRunDetail, BatchRunSummary, TargetMean } from "./api-types.js";
import { HttpError } from "../http-error.js";

const RUN_ID = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/;

/** The batch run `id`, or a 404 that says what there is instead. */
export function batchRunOf(db: Db, id: string): RunRow {
  const run = RUN_ID.test(id) ? getRun(db, id) : undefined;
  if (!run) throw new HttpError(404, `No run ${id.slice(0, 40)}: the History page lists the stored runs.`);
  if (run.kind !== "batch") throw new HttpError(409, `Run ${id} is a live audit, not a batch run: open it from the History page.`);
  return run;
}

export function batchSummary(db: Db, run: RunRow, live: boolean): BatchRunSummary {
  const config = batchConfigOf(run);
  // A finished run's stored summary, unless it is from before "no score" was counted apart from "failed".
  const stored = run.status === "done" ? (run.summary?.targets as TargetMean[] | undefined) : undefined;
  const found = stored?.every((t) => typeof t.noScore === "number") ? stored : targetSummaries(db, run.id);
  const targets = config.targets.map((target) => found.find((t) => t.target === target) ?? { target, meanConsistency: null, audited: 0, failed: 0, noScore: 0 });
  const questions = typeof run.summary?.questions === "number" ? run.summary.questions : config.questions;
  return {
    id: run.id,
    createdAt: run.createdAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    status: run.status,
    input: basename(config.input),
    prober: config.prober,
    targets,
    ...(typeof questions === "number" ? { questions } : {}),
    ...(run.error ? { error: run.error } : {}),
    live,
    interrupted: run.status === "running" && !live,
    threshold: DISSIMILAR_THRESHOLD,
  };
}

export function batchDetail(db: Db, run: RunRow, live: boolean, progress: BatchProgress, canRun: boolean): BatchRunDetail {
  const config = batchConfigOf(run);
  const stopped = run.status === "cancelled" || run.status === "failed" || (run.status === "running" && !live);
  return {
    ...batchSummary(db, run, live),
    metric: config.metric,
    probeCount: config.probeCount,
    samples: config.samples,
    temperature: config.temperature,
    diversity: config.diversity,
    progress,
    categories: runCategories(db, run.id),
    skippedRows: skippedRows(db, run.id, 100).rows,
    canCancel: run.status === "running",
    canResume: canRun && stopped && !live && existsSync(config.input),
  };
}
