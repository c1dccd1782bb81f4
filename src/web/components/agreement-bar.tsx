/** An answer's agreement with the others: the number, a bar, and ✗ under the threshold. */
import { fixed, isBelow } from "../lib/format.js";

export function AgreementBar({ value, threshold }: { value: number | null; threshold: number }) {
  const low = isBelow(value, threshold);
  return (
    <span class={`agreement ${low ? "low" : ""}`} title={`agreement with the other answers: ${fixed(value)}`}>
      <span class="bar" aria-hidden="true">
        <span class="fill" style={{ width: `${Math.round((value ?? 0) * 100)}%` }} />
      </span>
      <span class="number">{fixed(value)}</span>
      {low && <span class="flag"> ✗</span>}
      <span class="sr-only">{low ? ` agreement, below ${fixed(threshold)}` : " agreement"}</span>
    </span>
  );
}
