/**
 * One question × target of a batch run in full: where it came from (line, id, category, the row's other
 * columns, reference answers), then its audit drawn as a live audit is (score, heatmap, answers with their
 * sentences, contradictions, probes), or why this target failed on it.
 */
import { useEffect, useState } from "preact/hooks";
import type { ResultDetail } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { describeError } from "../api/errors.js";
import { Notice } from "../components/notice.js";
import { ResultView } from "../components/result-view.js";
import { Link } from "../router.js";
import "../batch.css";

export function BatchRowPage({ id, idx }: { id: string; idx: string }) {
  const target = new URLSearchParams(location.search).get("target") ?? "";
  const [state, setState] = useState<{ row?: ResultDetail; error?: string }>({});
  useEffect(() => {
    setState({});
    if (!/^\d+$/.test(idx) || !target) {
      setState({ error: "This address does not name a question and a target: open the question from the run's results table." });
      return;
    }
    batchApi.result(id, Number(idx), target).then(
      (row) => setState({ row }),
      (error) => setState({ error: describeError(error) }),
    );
  }, [id, idx, target]);
  const row = state.row;
  return (
    <div class="batch-row">
      <p>
        <Link href={`/batch/${encodeURIComponent(id)}`}>← Results of run {id}</Link>
      </p>
      {!row && !state.error && <p class="muted">Loading…</p>}
      {state.error && <Notice kind="error">{state.error}</Notice>}
      {row && (
        <>
          <h1 class="question-title">{row.question}</h1>
          <dl class="row-facts">
            <div>
              <dt>Line</dt>
              <dd>{row.line}</dd>
            </div>
            {row.id !== undefined && (
              <div>
                <dt>Id</dt>
                <dd>{row.id}</dd>
              </div>
            )}
            {row.category !== undefined && (
              <div>
                <dt>Category</dt>
                <dd>{row.category}</dd>
              </div>
            )}
            <div>
              <dt>Target</dt>
              <dd>
                <code>{row.target}</code>
              </dd>
            </div>
            {Object.entries(row.meta).map(([name, value]) => (
              <div>
                <dt>{name}</dt>
                <dd>{value === null ? "–" : String(value)}</dd>
              </div>
            ))}
          </dl>
          {row.reference && <References reference={row.reference} />}
          {row.audit ? (
            <ResultView json={row.audit} />
          ) : (
            <Notice kind="error" title={`${row.target} failed on this question`}>
              {row.error}. Resuming the run tries failed questions again.
            </Notice>
          )}
        </>
      )}
    </div>
  );
}

function References({ reference }: { reference: NonNullable<ResultDetail["reference"]> }) {
  return (
    <details class="references">
      <summary>Reference answers</summary>
      {reference.best && (
        <p>
          <strong>Best:</strong> {reference.best}
        </p>
      )}
      {reference.correct?.length ? (
        <p>
          <strong>Correct:</strong> {reference.correct.join(" · ")}
        </p>
      ) : null}
      {reference.incorrect?.length ? (
        <p>
          <strong>Incorrect:</strong> {reference.incorrect.join(" · ")}
        </p>
      ) : null}
    </details>
  );
}
