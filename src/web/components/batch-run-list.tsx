/** Stored batch runs, newest first (GET /api/batches): input, targets with their means, size and status; each opens its results. */
import { useEffect, useState } from "preact/hooks";
import type { BatchRunSummary } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { describeError } from "../api/errors.js";
import { count } from "../lib/batch-format.js";
import { fixed, isBelow, when } from "../lib/format.js";
import { Link } from "../router.js";
import { Notice } from "./notice.js";
import "../batch.css";

export function BatchRunList({ limit }: { limit?: number }) {
  const [state, setState] = useState<{ runs?: BatchRunSummary[]; error?: string }>({});
  useEffect(() => {
    batchApi.list().then(
      (runs) => setState({ runs: limit ? runs.slice(0, limit) : runs }),
      (error) => setState({ error: describeError(error) }),
    );
  }, [limit]);
  if (state.error) return <Notice kind="error">{state.error}</Notice>;
  if (!state.runs) return <p class="muted">Loading…</p>;
  if (state.runs.length === 0) {
    return (
      <Notice kind="info" title="No batch runs yet">
        Start one on the <Link href="/batch">Batch</Link> page, or with <code>auditllm batch questions.csv</code>.
      </Notice>
    );
  }
  return (
    <table class="batch-runs">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Input</th>
          <th scope="col">Targets and mean consistency</th>
          <th scope="col" class="number">
            Questions
          </th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {state.runs.map((r) => (
          <tr>
            <td>{when(r.createdAt)}</td>
            <td>
              <Link href={`/batch/${encodeURIComponent(r.id)}`}>{r.input || r.id}</Link>
              <span class="sr-only"> (batch run {r.id})</span>
            </td>
            <td>
              <ul class="means">
                {r.targets.map((t) => (
                  <li>
                    <code>{t.target}</code> <span class="number">{fixed(t.meanConsistency)}</span>
                    {isBelow(t.meanConsistency, r.threshold) && <span class="flag"> ✗</span>}
                  </li>
                ))}
              </ul>
            </td>
            <td class="number">{r.questions === undefined ? "–" : count(r.questions)}</td>
            <td>
              <span class={`status ${r.status}`}>{r.status}</span>
              {r.error && r.status === "failed" && <span class="muted"> — {r.error}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
