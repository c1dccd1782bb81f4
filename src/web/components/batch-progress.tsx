/**
 * Where a batch run is: while it runs, a progress bar with the numbers beside it (questions done of all,
 * failed, pace, time left) and Cancel; when stopped, why, and Resume; when done, how long it took.
 */
import { useState } from "preact/hooks";
import type { BatchRunDetail } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { describeError } from "../api/errors.js";
import { count, duration, elapsed } from "../lib/batch-format.js";
import { Notice } from "./notice.js";

export function BatchProgressPanel({ run, onChanged }: { run: BatchRunDetail; onChanged(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const p = run.progress;
  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const numbers = [
    p.ingested ? `${count(p.done)} of ${count(p.total)} questions done` : `reading the file: ${count(p.total)} questions so far`,
    p.failed ? `${count(p.failed)} with errors` : "",
    p.skipped ? `${count(p.skipped)} row(s) skipped` : "",
  ].filter(Boolean);
  return (
    <section class={`progress-panel ${run.status}`} aria-label="Progress">
      {run.status === "running" && (
        <>
          <div class="progress-line">
            <progress max={Math.max(1, p.total)} value={p.ingested ? p.done : 0} aria-label="Questions done" />
            <span class="number">{p.ingested && p.total ? `${Math.floor((p.done / p.total) * 100)}%` : "…"}</span>
          </div>
          <p role="status" class="progress-numbers">
            {numbers.join(" · ")} · {p.rate === null ? "measuring the pace…" : `${p.rate.toFixed(p.rate < 10 ? 2 : 1)} questions/s · about ${duration(p.etaSeconds)} left`}
          </p>
          {run.interrupted ? (
            <Notice kind="info" title="The run was interrupted">
              <p>Its process stopped without finishing (killed, or gone with a server). The finished questions are kept; Resume continues from where it stopped, without repeating a finished call.</p>
              {run.canResume && (
                <button type="button" disabled={busy} onClick={() => act(() => batchApi.resume(run.id))}>
                  {busy ? "Resuming…" : "Resume"}
                </button>
              )}{" "}
              <button type="button" class="danger" disabled={busy} onClick={() => act(() => batchApi.cancel(run.id))}>
                Cancel
              </button>
            </Notice>
          ) : (
            <button type="button" class="danger" disabled={busy} onClick={() => act(() => batchApi.cancel(run.id))}>
              {busy ? "Stopping…" : "Cancel"}
            </button>
          )}
        </>
      )}
      {run.status === "done" && (
        <p role="status">
          ✓ Done: {numbers.join(" · ")}
          {run.finishedAt && ` in ${duration(elapsed(run.createdAt, run.finishedAt))}`}.
        </p>
      )}
      {(run.status === "cancelled" || run.status === "failed") && (
        <Notice kind={run.status === "failed" ? "error" : "info"} title={run.status === "failed" ? "The run failed" : "The run was cancelled"}>
          {run.error && run.error !== "cancelled" && <p>{run.error}</p>}
          <p>
            {numbers.join(" · ")}. The finished questions are kept;{" "}
            {run.canResume ? "Resume continues from where it stopped, without repeating a finished call." : `continue it with auditllm batch --resume ${run.id} if its input file is still there.`}
          </p>
          {run.canResume && (
            <button type="button" disabled={busy} onClick={() => act(() => batchApi.resume(run.id))}>
              {busy ? "Resuming…" : "Resume"}
            </button>
          )}
        </Notice>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}
