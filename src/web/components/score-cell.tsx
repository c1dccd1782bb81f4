/** A consistency score in a table: the number, a small bar, and ✗ under the threshold (never colour alone). */
import { fixed, isBelow } from "../lib/format.js";

export function ScoreCell({ value, threshold, label = "consistency" }: { value: number | null; threshold: number; label?: string }) {
  const low = isBelow(value, threshold);
  return (
    <span class={`score ${low ? "low" : ""}`}>
      <span class="number">{fixed(value)}</span>
      <span class="bar" aria-hidden="true">
        <span class="fill" style={{ width: `${Math.round(Math.min(1, Math.max(0, value ?? 0)) * 100)}%` }} />
      </span>
      {low && (
        <span class="flag" aria-hidden="true">
          ✗
        </span>
      )}
      {low && (
        <span class="sr-only">
          {" "}
          {label} below {fixed(threshold)}
        </span>
      )}
    </span>
  );
}
