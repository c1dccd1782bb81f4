/** The consistency histogram of one target as inline SVG: 20 bins on 0..1, the threshold marked by a dashed line and hatching. */
import type { TargetReport } from "./aggregate.js";
import { escapeHtml } from "./escape.js";
import { count, percent } from "./format.js";
import { colorOf, n2, niceTicks } from "./svg.js";

export const HISTOGRAM_BINS = 20;
const W = 380;
const H = 210;
const M = { l: 44, r: 12, t: 12, b: 40 };

export function histogramSvg(t: TargetReport, index: number, threshold: number): string {
  const bins = t.consistency.histogram(HISTOGRAM_BINS);
  const total = t.consistency.n;
  const ticks = niceTicks(Math.max(1, ...bins));
  const top = ticks[ticks.length - 1];
  const x = (v: number) => M.l + v * (W - M.l - M.r);
  const y = (c: number) => H - M.b - (c / top) * (H - M.t - M.b);
  const color = colorOf(index);
  const id = `hist-${index}`;
  const out: string[] = [];
  out.push(`<svg class="chart histogram" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title">`);
  out.push(
    `<title id="${id}-title">Consistency of ${escapeHtml(t.target)}: ${count(total)} questions in ${HISTOGRAM_BINS} bins; ${percent(t.consistency.under, total)} under the threshold ${threshold.toFixed(2)}</title>`,
  );
  out.push(
    `<defs><pattern id="${id}-hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)"><rect width="5" height="5" fill="${color}"/><line x1="0" y1="0" x2="0" y2="5" stroke="#fff" stroke-width="2"/></pattern></defs>`,
  );
  for (const tick of ticks) {
    out.push(`<line class="grid" x1="${M.l}" x2="${W - M.r}" y1="${n2(y(tick))}" y2="${n2(y(tick))}"/>`);
    out.push(`<text class="tick" x="${M.l - 6}" y="${n2(y(tick) + 4)}" text-anchor="end">${count(tick)}</text>`);
  }
  const bw = (W - M.l - M.r) / HISTOGRAM_BINS;
  bins.forEach((c, b) => {
    if (c === 0) return;
    const lo = b / HISTOGRAM_BINS;
    const fill = lo + 1 / HISTOGRAM_BINS <= threshold + 1e-9 ? `url(#${id}-hatch)` : color;
    const label = `${lo.toFixed(2)}–${(lo + 1 / HISTOGRAM_BINS).toFixed(2)}: ${count(c)} (${percent(c, total)})`;
    out.push(`<rect class="bar" x="${n2(x(lo) + 1)}" y="${n2(y(c))}" width="${n2(bw - 2)}" height="${n2(y(0) - y(c))}" fill="${fill}" stroke="${color}"><title>${label}</title></rect>`);
  });
  out.push(`<line class="axis" x1="${M.l}" x2="${W - M.r}" y1="${y(0)}" y2="${y(0)}"/>`);
  for (let v = 0; v <= 1.0001; v += 0.2) out.push(`<text class="tick" x="${n2(x(v))}" y="${H - M.b + 15}" text-anchor="middle">${v.toFixed(1)}</text>`);
  out.push(`<text class="axis-label" x="${n2(x(0.5))}" y="${H - 6}" text-anchor="middle">consistency (mean similarity of the answers)</text>`);
  const tx = n2(x(threshold));
  out.push(`<line class="threshold" x1="${tx}" x2="${tx}" y1="${M.t}" y2="${y(0)}"/>`);
  out.push(`<text class="threshold-label" x="${n2(x(threshold) + 4)}" y="${M.t + 10}">threshold ${threshold.toFixed(2)}</text>`);
  out.push(`</svg>`);
  return out.join("");
}
