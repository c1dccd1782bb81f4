/**
 * The answers × answers similarity matrix as a heatmap: every cell shows its number (✗ under the threshold),
 * and hovering or focusing a cell shows the pair beside it. One cell is in the tab order; arrow keys,
 * Home and End move between cells.
 */
import { useRef, useState } from "preact/hooks";
import type { TargetedKeyboardEvent } from "preact";
import type { AuditJson } from "../../server/api-types.js";
import { answerLabel, fixed, isBelow, scoreColors } from "../lib/format.js";

const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

export function Heatmap({ json }: { json: AuditJson }) {
  const labels = json.scored.map((i) => answerLabel(json.answers[i]!, json.config.samples));
  const n = labels.length;
  const [active, setActive] = useState<[number, number]>([0, Math.min(1, n - 1)]);
  const cells = useRef<(HTMLButtonElement | null)[]>([]);
  if (n < 2) return <p class="muted">The similarity matrix needs two answers or more.</p>;

  const moveTo = (r: number, c: number) => {
    const row = Math.min(n - 1, Math.max(0, r));
    const col = Math.min(n - 1, Math.max(0, c));
    setActive([row, col]);
    cells.current[row * n + col]?.focus();
  };
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLButtonElement>, r: number, c: number) => {
    const move = MOVES[event.key];
    if (move) moveTo(r + move[0], c + move[1]);
    else if (event.key === "Home") moveTo(r, 0);
    else if (event.key === "End") moveTo(r, n - 1);
    else return;
    event.preventDefault();
  };

  const [ar, ac] = active;
  const value = json.pairwise[ar]?.[ac] ?? 0;
  const excerpt = (k: number) => (json.answers[json.scored[k]!]?.text ?? "").slice(0, 240);
  return (
    <section class="heatmap-box" aria-labelledby="heatmap-title">
      <h3 id="heatmap-title">Similarity of the answers</h3>
      <p class="muted">Each cell: how alike two answers are (0–1); ✗ under {fixed(json.threshold)}. Arrow keys move between cells.</p>
      <div class="heatmap-layout">
        <div class="heatmap-scroll">
          <table class="heatmap">
            <thead>
              <tr>
                <td />
                {labels.map((l) => (
                  <th scope="col">{l}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {json.pairwise.map((row, r) => (
                <tr>
                  <th scope="row">{labels[r]}</th>
                  {row.map((v, c) => {
                    const low = r !== c && isBelow(v, json.threshold);
                    return (
                      <td>
                        <button
                          type="button"
                          ref={(el) => void (cells.current[r * n + c] = el)}
                          tabIndex={r === ar && c === ac ? 0 : -1}
                          class={`cell ${r === ar && c === ac ? "active" : ""} ${low ? "low" : ""}`}
                          style={scoreColors(v)}
                          aria-label={`${labels[r]} and ${labels[c]}: similarity ${fixed(v)}${low ? ", dissimilar" : ""}`}
                          onFocus={() => setActive([r, c])}
                          onMouseEnter={() => setActive([r, c])}
                          onKeyDown={(e) => onKeyDown(e, r, c)}
                        >
                          {fixed(v)}
                          {low && <span aria-hidden="true">✗</span>}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="pair-detail" aria-live="polite">
          <p>
            <strong>
              {labels[ar]} ↔ {labels[ac]}
            </strong>{" "}
            similarity <strong class="number">{fixed(value)}</strong> {ar === ac ? "(the same answer)" : isBelow(value, json.threshold) ? `✗ dissimilar (under ${fixed(json.threshold)})` : "✓ similar"}
          </p>
          {ar !== ac && (
            <dl>
              <dt>{labels[ar]}</dt>
              <dd>{excerpt(ar)}</dd>
              <dt>{labels[ac]}</dt>
              <dd>{excerpt(ac)}</dd>
            </dl>
          )}
        </div>
      </div>
    </section>
  );
}
