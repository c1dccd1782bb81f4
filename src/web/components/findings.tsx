/** What the answers say beyond similarity: distinct answers, semantic entropy, outliers, contradictions, dissimilar pairs. */
import type { AuditJson } from "../../server/api-types.js";
import { answerLabel, fixed } from "../lib/format.js";

export function Findings({ json }: { json: AuditJson }) {
  const label = (i: number) => answerLabel(json.answers[i]!, json.config.samples);
  const pairs = [...json.dissimilarPairs].sort((a, b) => a.similarity - b.similarity).slice(0, 8);
  return (
    <section class="findings" aria-label="Findings">
      <dl class="stats">
        <div>
          <dt>Distinct answers</dt>
          <dd class="number">{json.distinctAnswers ?? "–"}</dd>
        </div>
        <div>
          <dt>Semantic entropy</dt>
          <dd class="number">{fixed(json.semanticEntropy)}</dd>
        </div>
        <div>
          <dt>Outliers</dt>
          <dd>{json.outliers.length ? json.outliers.map((i) => `${label(i)} (${fixed(json.answers[i]!.agreement)})`).join(", ") : "none"}</dd>
        </div>
        {json.withinPrompt !== undefined && (
          <div>
            <dt>Same prompt · different prompts</dt>
            <dd class="number">
              {fixed(json.withinPrompt)} · {fixed(json.acrossPrompts)}
            </dd>
          </div>
        )}
      </dl>
      <h3>Contradictions ({json.contradictions.length})</h3>
      {json.contradictions.length === 0 ? (
        <p class="muted">No pair of answers contradicts another (by the rules: yes/no, negation, numbers, names).</p>
      ) : (
        <ul class="contradictions">
          {json.contradictions.map((c) => (
            <li>
              <strong>
                {label(c.a)} ↔ {label(c.b)}
              </strong>{" "}
              {c.kind}
              {c.says && (
                <>
                  : “{c.says[0]}” vs “{c.says[1]}”
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {pairs.length > 0 && (
        <>
          <h3>Most dissimilar pairs</h3>
          <p>{pairs.map((p) => `${label(p.a)}–${label(p.b)} ${fixed(p.similarity)}`).join(" · ")}</p>
        </>
      )}
    </section>
  );
}
