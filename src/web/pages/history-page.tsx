/** Past live audits and `ask` runs, newest first (GET /api/runs?kind=ask), each opening read-only; then the batch runs (GET /api/batches). */
import { useEffect, useState } from "preact/hooks";
import type { RunSummary } from "../../server/api-types.js";
import { api } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { BatchRunList } from "../components/batch-run-list.js";
import { Notice } from "../components/notice.js";
import { fixed, when } from "../lib/format.js";
import { Link } from "../router.js";

export function HistoryPage() {
  const [state, setState] = useState<{ runs?: RunSummary[]; error?: string }>({});
  useEffect(() => {
    api.runs("ask").then(
      (runs) => setState({ runs }),
      (error) => setState({ error: describeError(error) }),
    );
  }, []);
  return (
    <div class="history">
      <h1>History</h1>
      {state.error && <Notice kind="error">{state.error}</Notice>}
      {!state.runs && !state.error && <p class="muted">Loading…</p>}
      {state.runs?.length === 0 && (
        <Notice kind="info" title="No audits yet">
          Run one on the <Link href="/">Live audit</Link> page, or with <code>auditllm ask "…"</code>.
        </Notice>
      )}
      {state.runs && state.runs.length > 0 && (
        <table class="runs">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Consistency</th>
              <th scope="col">Question</th>
              <th scope="col">Target</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {state.runs.map((r) => (
              <tr>
                <td>{when(r.createdAt)}</td>
                <td class="number">{fixed(r.consistency)}</td>
                <td>{r.status === "done" ? <Link href={`/runs/${r.id}`}>{r.question ?? r.id}</Link> : (r.question ?? r.id)}</td>
                <td>
                  <code>{r.target ?? ""}</code>
                </td>
                <td>
                  {r.status}
                  {r.error && r.status === "failed" && <span class="muted"> — {r.error}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Batch runs</h2>
      <BatchRunList />
    </div>
  );
}
