/** The scored answers: each prompt, its agreement with the others, outlier and failure marks, and its sentences by support. */
import type { AuditJson } from "../../server/api-types.js";
import { answerLabel, fixed } from "../lib/format.js";
import { AgreementBar } from "./agreement-bar.js";
import { SentenceText } from "./sentence-text.js";

export function AnswerCards({ json }: { json: AuditJson }) {
  const outliers = new Set(json.outliers);
  const nonAnswers = new Map((json.nonAnswers ?? []).map((x) => [x.index, x.kind]));
  return (
    <section class="answers" aria-labelledby="answers-title">
      <h3 id="answers-title">Answers ({json.answers.length})</h3>
      <p class="legend muted">
        Sentences the other answers do not back (support under {fixed(json.threshold)}) are <span class="sentence unsupported">⚠ underlined, with their number</span>. Hover a sentence for its support.
      </p>
      <ol class="answer-list">
        {json.answers.map((a, i) => (
          <li class={`answer ${outliers.has(i) ? "outlier" : ""}`}>
            <div class="answer-head">
              <span class="label">{answerLabel(a, json.config.samples)}</span>
              <span class="prompt">{a.prompt}</span>
              {a.error ? <span class="state">✗ failed</span> : <AgreementBar value={a.agreement} threshold={json.threshold} />}
              {outliers.has(i) && <span class="badge warn">outlier</span>}
              {nonAnswers.has(i) && (
                <span class="badge non-answer" title="answers nothing: left out of the consistency">
                  non-answer: {nonAnswers.get(i)}
                </span>
              )}
              {a.finishReason === "length" && <span class="badge">cut at the token limit</span>}
            </div>
            {a.error ? <p class="error-text">{a.error.message}</p> : <SentenceText sentences={json.sentences[i] ?? null} fallback={a.text} threshold={json.threshold} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
