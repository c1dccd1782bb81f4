/**
 * The run's HTML report (score distribution per target, the probe-relevance × consistency scatter, categories,
 * model comparison, least consistent questions) in a sandboxed frame: the report is the CLI's own
 * self-contained page, served under its own CSP with `sandbox allow-scripts`, so it runs in an opaque origin
 * (no cookies, no API) and its only script is its table sorter. Loaded on request: it reads every row.
 */
import { useState } from "preact/hooks";
import { batchApi } from "../api/batch-client.js";

export function ReportFrame({ runId, running }: { runId: string; running: boolean }) {
  const [shown, setShown] = useState(false);
  const [stamp, setStamp] = useState(0);
  return (
    <section class="report-frame" aria-labelledby="report-title">
      <h2 id="report-title">Charts and report</h2>
      <p class="muted">
        The score distribution of each target, the paper's scatter of probe relevance against answer consistency, the categories, the model comparison and the least consistent questions: the run's
        HTML report{running ? ", of the questions finished so far" : ""}.
      </p>
      {!shown ? (
        <button type="button" class="secondary" onClick={() => setShown(true)}>
          Show the charts
        </button>
      ) : (
        <>
          {running && (
            <button type="button" class="secondary" onClick={() => setStamp(Date.now())}>
              Refresh the charts
            </button>
          )}
          <iframe
            key={stamp}
            class="report"
            title="The run's HTML report: charts and tables"
            src={`${batchApi.reportUrl(runId)}${stamp ? `?at=${stamp}` : ""}#distribution`}
            sandbox="allow-scripts"
            referrerpolicy="no-referrer"
          />
        </>
      )}
    </section>
  );
}
