/**
 * An answer's sentences, each marked by how well the other answers back it: under the threshold a sentence
 * is underlined, flagged ⚠ and followed by its number; every sentence has its number in a tooltip.
 */
import { fixed, isBelow } from "../lib/format.js";

export function SentenceText({ sentences, fallback, threshold }: { sentences: { text: string; support: number }[] | null; fallback: string | null; threshold: number }) {
  if (!sentences || sentences.length === 0) return <p class="answer-text">{fallback ?? ""}</p>;
  return (
    <p class="answer-text">
      {sentences.map((s, i) => {
        const weak = isBelow(s.support, threshold);
        return (
          <>
            {i > 0 && " "}
            <span class={`sentence ${weak ? "unsupported" : "supported"}`} title={`support ${fixed(s.support)}: ${weak ? "not backed" : "backed"} by the other answers`}>
              {weak && (
                <span class="flag" aria-hidden="true">
                  ⚠{" "}
                </span>
              )}
              {s.text}
              {weak && <span class="support"> {fixed(s.support)}</span>}
              <span class="sr-only">{weak ? ` (not supported by the other answers, ${fixed(s.support)})` : ` (supported, ${fixed(s.support)})`}</span>
            </span>
          </>
        );
      })}
    </p>
  );
}
