/** The probes an audit answered (read-only): relevance to the question, whose they are, and the ones left out. */
import type { AuditJson } from "../../server/api-types.js";
import { fixed } from "../lib/format.js";

export function ProbeList({ json }: { json: AuditJson }) {
  return (
    <section class="probe-list" aria-labelledby="probe-list-title">
      <h3 id="probe-list-title">Probes ({json.probes.length})</h3>
      <ol>
        {json.probes.map((p, i) => (
          <li>
            <span class="label">P{i + 1}</span>{" "}
            <span class="number" title="relevance to the question">
              {fixed(p.relevance)}
            </span>{" "}
            {p.text} <span class="badge">{p.source === "user" ? "yours" : p.source}</span>
          </li>
        ))}
      </ol>
      {json.droppedProbes.length > 0 && (
        <details>
          <summary>{json.droppedProbes.length} left out</summary>
          <ul>
            {json.droppedProbes.map((d) => (
              <li>
                {d.text} <span class="muted">— {d.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
