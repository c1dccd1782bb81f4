/** The answers while they are written: each prompt, and its answer growing token by token. */
import { answerLabel } from "../lib/format.js";
import type { LiveAnswer } from "../lib/live-state.js";

export function AnswerStream({ answers, samples }: { answers: LiveAnswer[]; samples: number }) {
  const done = answers.filter((a) => a.done).length;
  return (
    <section class="answers streaming" aria-labelledby="streaming-title">
      <h2 id="streaming-title">Answers</h2>
      <p class="muted" role="status">
        {answers.length ? `${done} of ${answers.length} answers done` : "Starting…"}
      </p>
      <ol class="answer-list">
        {answers.map((a) => (
          <li class="answer" aria-busy={!a.done}>
            <div class="answer-head">
              <span class="label">{answerLabel(a, samples)}</span>
              <span class="prompt">{a.prompt}</span>
              <span class="state">{a.error ? "✗ failed" : a.done ? "✓ done" : "writing…"}</span>
            </div>
            {a.error ? <p class="error-text">{a.error.message}</p> : <p class="answer-text">{a.text}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
