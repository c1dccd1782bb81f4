/**
 * The paper's scatter as inline SVG: x = mean similarity of the probes to the question, y = consistency of
 * the answers, one colour and shape per target, the line y = x (under it, the answers diverged more than the
 * questions did) and the threshold.
 */
import type { TargetReport } from "./aggregate.js";
import { escapeHtml } from "./escape.js";
import { colorOf, marker, n2, shapeOf } from "./svg.js";

const W = 600;
const H = 470;
const M = { l: 56, r: 16, t: 16, b: 52 };
const x = (v: number) => M.l + Math.min(1, Math.max(0, v)) * (W - M.l - M.r);
const y = (v: number) => H - M.b - Math.min(1, Math.max(0, v)) * (H - M.t - M.b);

export function scatterSvg(targets: TargetReport[], threshold: number): string {
  const out: string[] = [];
  out.push(`<svg class="chart scatter" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="scatter-title">`);
  out.push(`<title id="scatter-title">Probe relevance (x) against answer consistency (y) per question, for ${targets.map((t) => escapeHtml(t.target)).join(", ")}</title>`);
  out.push(`<path class="under" d="M${x(0)} ${y(0)}L${x(1)} ${y(0)}L${x(1)} ${y(1)}Z"/>`);
  for (let v = 0; v <= 1.0001; v += 0.2) {
    out.push(`<line class="grid" x1="${n2(x(v))}" x2="${n2(x(v))}" y1="${y(0)}" y2="${y(1)}"/><line class="grid" x1="${x(0)}" x2="${x(1)}" y1="${n2(y(v))}" y2="${n2(y(v))}"/>`);
    out.push(`<text class="tick" x="${n2(x(v))}" y="${y(0) + 16}" text-anchor="middle">${v.toFixed(1)}</text>`);
    out.push(`<text class="tick" x="${x(0) - 8}" y="${n2(y(v) + 4)}" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  out.push(`<line class="axis" x1="${x(0)}" x2="${x(1)}" y1="${y(0)}" y2="${y(0)}"/><line class="axis" x1="${x(0)}" x2="${x(0)}" y1="${y(0)}" y2="${y(1)}"/>`);
  out.push(`<text class="axis-label" x="${n2(x(0.5))}" y="${H - 10}" text-anchor="middle">probe relevance: mean similarity of the probes to the question</text>`);
  out.push(`<text class="axis-label" transform="translate(16 ${n2(y(0.5))}) rotate(-90)" text-anchor="middle">consistency: mean similarity between the answers</text>`);
  const ty = n2(y(threshold));
  out.push(
    `<line class="threshold" x1="${x(0)}" x2="${x(1)}" y1="${ty}" y2="${ty}"/><text class="threshold-label" x="${x(0) + 6}" y="${n2(y(threshold) - 5)}">threshold ${threshold.toFixed(2)}</text>`,
  );
  targets.forEach((t, i) => {
    const attrs = `class="pt" fill="${colorOf(i)}" fill-opacity="0.55" stroke="${colorOf(i)}" stroke-width="0.8"`;
    out.push(`<g class="series">`);
    for (const p of t.scatter.items) {
      const title = `<title>${escapeHtml(t.target)} · line ${p.line}: ${escapeHtml(p.question)} (probes ${p.x.toFixed(2)}, answers ${p.y.toFixed(2)})</title>`;
      out.push(marker(shapeOf(i), x(p.x), y(p.y), 3.6, attrs, title));
    }
    out.push(`</g>`);
  });
  out.push(`<line class="diagonal" x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}"/>`);
  out.push(`<text class="diagonal-label" x="${x(0.93)}" y="${n2(y(0.93) + 16)}" text-anchor="middle">y = x</text>`);
  out.push(`<text class="region-label" x="${x(0.97)}" y="${y(0.04)}" text-anchor="end">under the line: answers diverge more than the probes</text>`);
  out.push(`</svg>`);
  return out.join("");
}
