/**
 * What the reports of a stored batch run read: the run as `BatchRunInfo` and its rows from the store, a
 * page at a time. Shared by `auditllm report`/`batch` (files) and the web server (downloads, the report page).
 */
import { DISSIMILAR_THRESHOLD } from "../core/scores.js";
import { batchConfigOf, batchRows, getRun, skippedRows, type Db, type RunRow } from "../store/index.js";
import type { BatchRow, BatchRunInfo, RunCost } from "./types.js";
import { priceTableSchema } from "./prices.js";
import { runCost } from "./usage.js";

/**
 * The run's info for its reports; undefined when there is no such run or it is not a batch run. `cost`: the
 * run's cost when the caller has just summed it (a sum over every call of the run, not done twice).
 */
export function batchRunInfo(db: Db, runId: string, run: RunRow | undefined = getRun(db, runId), cost?: RunCost): BatchRunInfo | undefined {
  if (run?.kind !== "batch") return undefined;
  const config = batchConfigOf(run);
  const skipped = skippedRows(db, runId);
  return {
    id: run.id,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    status: run.status,
    input: config.input,
    targets: config.targets,
    prober: config.prober,
    metric: config.metric,
    metaColumns: config.metaColumns ?? [],
    skipped: skipped.rows,
    skippedCount: skipped.count,
    threshold: DISSIMILAR_THRESHOLD,
    ...(config.probesFrom ? { probesFrom: config.probesFrom } : {}),
    cost: cost ?? runCost(db, runId, priceTableSchema.safeParse(config.prices).data),
  };
}

/** A report source over the store (`rows()` reads the run again each time it is called; `rowsOf` one target's rows). */
export function batchReportSource(db: Db, run: BatchRunInfo): { run: BatchRunInfo; rows(): AsyncIterable<BatchRow>; rowsOf(target: string): AsyncIterable<BatchRow> } {
  return { run, rows: () => batchRows(db, run.id), rowsOf: (target) => batchRows(db, run.id, 500, target) };
}
