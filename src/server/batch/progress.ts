/**
 * How far a batch run is, read from the store (the run's process writes it there): questions finished and
 * failed of all, rows skipped, and the pace — questions a second over the last minute of readings, and the
 * time left at that pace. Readings are kept per running run in memory; the first reading has no pace yet.
 */
import { batchConfigOf, itemCounts, skippedRows, type Db, type RunRow } from "../../store/index.js";
import { providerStatus } from "../../app/batch/index.js";
import type { BatchProgress } from "./api-types.js";

const WINDOW_MS = 60_000;
const MIN_SPAN_MS = 1_500;

export interface ProgressMeter {
  progress(db: Db, run: RunRow, live: boolean): BatchProgress;
}

export function createProgressMeter(now: () => number = Date.now): ProgressMeter {
  const readings = new Map<string, { t: number; done: number }[]>();
  return {
    progress(db, run, live) {
      const counts = itemCounts(db, run.id);
      const config = batchConfigOf(run);
      const done = counts.done + counts.failed;
      const base = {
        status: run.status,
        live,
        ingested: Boolean(config.ingested),
        total: counts.total,
        done,
        failed: counts.failed,
        skipped: config.skipped ?? skippedRows(db, run.id, 0).count,
        ...(config.via === "batch-api" && run.status !== "done" ? { provider: providerStatus(db, run.id) } : {}),
      };
      if (run.status !== "running") {
        readings.delete(run.id);
        return { ...base, rate: null, etaSeconds: null };
      }
      const t = now();
      const list = (readings.get(run.id) ?? []).filter((r) => t - r.t <= WINDOW_MS && r.done <= done);
      if (list.length === 0 || t - list[list.length - 1]!.t >= 500) list.push({ t, done });
      readings.set(run.id, list);
      const first = list[0]!;
      const span = t - first.t;
      const rate = span >= MIN_SPAN_MS ? ((done - first.done) * 1000) / span : null;
      const etaSeconds = rate && base.ingested ? Math.max(0, base.total - done) / rate : null;
      return { ...base, rate, etaSeconds };
    },
  };
}
