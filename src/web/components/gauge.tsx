/** The consistency score as a half-circle gauge, with the number in it and a word (never colour alone) for the threshold. */
import { fixed, isBelow } from "../lib/format.js";

const R = 50;
const CX = 60;
const CY = 60;

/** The point at score v (0 left, 1 right) on a circle of radius r. */
function polar(v: number, r = R): [number, number] {
  const angle = Math.PI * (1 - v);
  return [Number((CX + r * Math.cos(angle)).toFixed(2)), Number((CY - r * Math.sin(angle)).toFixed(2))];
}

const arc = (v: number) => `M ${polar(0).join(" ")} A ${R} ${R} 0 0 1 ${polar(v).join(" ")}`;

export function Gauge({ value, threshold, label = "Consistency" }: { value: number | null; threshold: number; label?: string }) {
  const low = isBelow(value, threshold);
  const verdict = value === null ? "needs two answers or more" : low ? `✗ below ${fixed(threshold)}` : `✓ at or above ${fixed(threshold)}`;
  const [tx1, ty1] = polar(threshold, R + 6);
  const [tx2, ty2] = polar(threshold, R - 10);
  return (
    <figure class={`gauge ${value === null ? "none" : low ? "low" : "ok"}`}>
      <svg viewBox="0 0 120 68" role="img" aria-label={`${label} ${fixed(value)} of 1; ${verdict}`}>
        <path class="track" d={arc(1)} />
        {value !== null && value > 0 && <path class="value" d={arc(Math.min(1, value))} />}
        <line class="threshold" x1={tx1} y1={ty1} x2={tx2} y2={ty2} />
        <text x={CX} y={CY - 2} class="number">
          {fixed(value)}
        </text>
      </svg>
      <figcaption>
        <strong>{label}</strong> <span class="verdict">{verdict}</span>
      </figcaption>
    </figure>
  );
}
