/**
 * One batch run: what it audits, its progress (live while it runs: done of all, failures, pace, time left;
 * Cancel / Resume), each target's mean, the downloads (CSV, JSONL, HTML; partial while it runs), the skipped
 * rows, the results table (partial while it runs) and, on request, the report's charts.
 */
import type { BatchRunDetail } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { BatchProgressPanel } from "../components/batch-progress.js";
import { BatchResults } from "../components/batch-results.js";
import { Notice } from "../components/notice.js";
import { ReportFrame } from "../components/report-frame.js";
import { TargetMeans } from "../components/target-means.js";
import { count } from "../lib/batch-format.js";
import { when } from "../lib/format.js";
import { useBatchRun } from "../lib/use-batch-run.js";
import { Link } from "../router.js";
import "../batch.css";

export function BatchRunPage({ id }: { id: string }) {
  const { detail, error, reload } = useBatchRun(id);
  return (
    <div class="batch-run">
      <p>
        <Link href="/runs">← History</Link>
      </p>
      {error && !detail && (
        <Notice kind="error" title="This run could not be opened">
          {error}
        </Notice>
      )}
      {!detail && !error && <p class="muted">Loading run {id}…</p>}
      {detail && <RunView run={detail} reload={reload} />}
    </div>
  );
}

function RunView({ run, reload }: { run: BatchRunDetail; reload(): void }) {
  const running = run.status === "running";
  return (
    <>
      <h1>
        {run.input || run.id} <span class={`status ${run.status}`}>{run.status}</span>
      </h1>
      <p class="muted run-meta">
        Run <code>{run.id}</code> · started {when(run.createdAt)} · {run.questions !== undefined ? `${count(run.questions)} questions · ` : ""}prober <code>{run.prober}</code> · {run.probeCount}{" "}
        probes, {run.samples} sample(s) per prompt at temperature {run.temperature} · metric {run.metric}
      </p>
      <BatchProgressPanel run={run} onChanged={reload} />
      <TargetMeans targets={run.targets} threshold={run.threshold} />
      <section class="downloads" aria-labelledby="downloads-title">
        <h2 id="downloads-title" class="sr-only">
          Downloads
        </h2>
        <span>{running ? "Download the results so far:" : "Download:"}</span>
        <a class="button secondary" href={batchApi.downloadUrl(run.id, "csv")} download>
          CSV
        </a>
        <a class="button secondary" href={batchApi.downloadUrl(run.id, "xlsx")} download>
          Excel
        </a>
        <a class="button secondary" href={batchApi.downloadUrl(run.id, "jsonl")} download>
          JSONL
        </a>
        <a class="button secondary" href={batchApi.downloadUrl(run.id, "html")} download>
          HTML report
        </a>
        <Link class="button secondary" href={`/compare?a=${encodeURIComponent(run.id)}`}>
          Compare with another run
        </Link>
      </section>
      {run.skippedRows.length > 0 && (
        <details class="skipped">
          <summary>{count(run.progress.skipped)} row(s) of the file were skipped (malformed); the run went on without them</summary>
          <ul>
            {run.skippedRows.map((s) => (
              <li>
                line {s.line}: {s.error}
              </li>
            ))}
          </ul>
          {run.progress.skipped > run.skippedRows.length && <p class="muted">The CSV and HTML reports list them all.</p>}
        </details>
      )}
      <BatchResults run={run} refresh={run.progress.done} />
      <ReportFrame runId={run.id} running={running} />
    </>
  );
}
