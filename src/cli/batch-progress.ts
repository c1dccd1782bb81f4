/**
 * Progress of a batch run for people: on a terminal a bar redrawn four times a second (questions, rate,
 * ETA, errors, rate limits, the lanes' limits and pauses); otherwise a plain line every 15 seconds.
 */
import type { BatchSnapshot } from "../app/batch/index.js";
import { oneLine } from "../report/text.js";

/** What the progress display reads: the batch use case's snapshot. */
export type ProgressSnapshot = BatchSnapshot;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function progressLine(now: ProgressSnapshot, startedDone: number, elapsedSeconds: number): string {
  const rate = (now.done - startedDone) / Math.max(elapsedSeconds, 0.001);
  const eta = rate > 0 ? (now.total - now.done) / rate : Number.POSITIVE_INFINITY;
  const lanes = now.lanes
    .filter((l) => l.inFlight > 0 || l.queued > 0 || l.pausedMs > 0 || l.limit < l.max)
    .map((l) => `${l.lane} ${l.inFlight}/${l.limit}${l.limit < l.max ? ` (max ${l.max})` : ""}${l.pausedMs > 0 ? ` paused ${formatDuration(l.pausedMs / 1000)}` : ""}`);
  const parts = [
    `${now.done}/${now.total} questions`,
    now.failed ? `${now.failed} with errors` : "",
    `${rate.toFixed(1)} q/s`,
    `${(now.calls / Math.max(elapsedSeconds, 0.001)).toFixed(1)} calls/s`,
    `ETA ${formatDuration(eta)}`,
    now.rateLimited ? `${now.rateLimited} rate-limited` : "",
    ...lanes,
    now.provider ? providerLine(now.provider) : "",
  ];
  return oneLine(parts.filter(Boolean).join(" · "));
}

export function startProgress(snapshot: () => ProgressSnapshot, stream: NodeJS.WriteStream = process.stderr): () => void {
  const started = Date.now();
  const first = snapshot().done;
  const elapsed = () => (Date.now() - started) / 1000;
  if (stream.isTTY) {
    const draw = () => {
      const now = snapshot();
      const width = 20;
      const filled = now.total ? Math.round((now.done / now.total) * width) : 0;
      const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${progressLine(now, first, elapsed())}`;
      const columns = Math.max(40, (stream.columns ?? 100) - 1);
      stream.write(`\r\x1b[2K${line.length > columns ? `${line.slice(0, columns - 1)}…` : line}`);
    };
    const timer = setInterval(draw, 250);
    timer.unref();
    draw();
    return () => {
      clearInterval(timer);
      draw();
      stream.write("\n");
    };
  }
  const timer = setInterval(() => stream.write(`${progressLine(snapshot(), first, elapsed())}\n`), 15_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    stream.write(`${progressLine(snapshot(), first, elapsed())}\n`);
  };
}

/** The provider batches a --via batch-api run waits on: stage, each batch's status and counts, time waited. */
export function providerLine(wait: NonNullable<ProgressSnapshot["provider"]>, nowMs = Date.now()): string {
  const batches = wait.batches.map((b) => `${b.provider} ${b.id || "(sending)"} ${b.status} ${b.done}/${b.total} done${b.failed ? `, ${b.failed} failed` : ""}`);
  return `stage ${wait.stage} (${wait.roles}): ${batches.join("; ")} · waited ${formatDuration((nowMs - wait.startedAt) / 1000)}`;
}
