/**
 * One audit's result (AuditJson), for the live page and for a stored run alike: the score, what the answers
 * say, the heatmap, the answers with their sentences, the probes, and the JSON download.
 */
import type { AuditJson } from "../../server/api-types.js";
import { api } from "../api/client.js";
import { AnswerCards } from "./answer-cards.js";
import { Findings } from "./findings.js";
import { Gauge } from "./gauge.js";
import { Heatmap } from "./heatmap.js";
import { Notice } from "./notice.js";
import { ProbeList } from "./probe-list.js";

export function ResultView({ json }: { json: AuditJson }) {
  return (
    <article class="result" aria-label="Audit result">
      <div class="result-head">
        <Gauge value={json.consistency} threshold={json.threshold} />
        <Findings json={json} />
      </div>
      <p class="muted">
        Target <code>{json.target}</code> · prober <code>{json.prober}</code> · metric {json.metric} · {json.config.samples} sample(s) per prompt at temperature {json.config.temperature}
        {json.runId && (
          <>
            {" "}
            · run <code>{json.runId}</code>{" "}
            <a class="button secondary" href={api.exportUrl(json.runId)} download={`auditllm-${json.runId}.json`}>
              Export JSON
            </a>
          </>
        )}
      </p>
      {json.warnings.map((w) => (
        <Notice kind="warning">{w}</Notice>
      ))}
      <Heatmap json={json} />
      <AnswerCards json={json} />
      <ProbeList json={json} />
    </article>
  );
}
