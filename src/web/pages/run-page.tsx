/** A stored audit, read-only: GET /api/runs/:id drawn as on the live page. */
import { useEffect, useState } from "preact/hooks";
import type { AuditJson } from "../../server/api-types.js";
import { api } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { Notice } from "../components/notice.js";
import { ResultView } from "../components/result-view.js";
import { Link } from "../router.js";

export function RunPage({ id }: { id: string }) {
  const [state, setState] = useState<{ json?: AuditJson; error?: string }>({});
  useEffect(() => {
    setState({});
    api.run(id).then(
      (json) => setState({ json }),
      (error) => setState({ error: describeError(error) }),
    );
  }, [id]);
  return (
    <div class="run">
      <p>
        <Link href="/runs">← History</Link>
      </p>
      {state.json && <h1 class="question-title">{state.json.question}</h1>}
      {!state.json && !state.error && <p class="muted">Loading run {id}…</p>}
      {state.error && <Notice kind="error">{state.error}</Notice>}
      {state.json && <ResultView json={state.json} />}
    </div>
  );
}
