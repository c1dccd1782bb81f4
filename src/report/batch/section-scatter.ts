/** The paper's scatter (probe relevance against consistency) with a legend that prints each target's numbers. */
import type { ReportData } from "./aggregate.js";
import { scatterSvg } from "./chart-scatter.js";
import { escapeHtml } from "./escape.js";
import { count, percent } from "./format.js";
import { legendSymbol } from "./svg.js";

export function scatterSection(data: ReportData): string {
  const open = `<section id="scatter" aria-labelledby="scatter-h"><h2 id="scatter-h">Probe similarity against answer similarity</h2>`;
  const total = data.targets.reduce((s, t) => s + t.points, 0);
  if (total === 0) return `${open}<p>No question had both probes and a consistency score, so there is nothing to plot.</p></section>`;
  const legend = data.targets.map((t, i) => {
    const sample = t.scatter.sampled ? `; showing a random sample of ${count(t.scatter.items.length)}` : "";
    return `<li>${legendSymbol(i)} <strong>${escapeHtml(t.target)}</strong>: ${count(t.points)} questions${sample}; ${percent(t.underDiagonal, t.points)} under the line</li>`;
  });
  const sampled = data.targets.some((t) => t.scatter.sampled);
  return [
    open,
    `<p>Each point is one question: x is how similar the probes were to the question (mean over the probes), y how similar the answers were to each other. Points under the line y = x are questions whose answers diverged more than their wordings did.${sampled ? ` Past ${count(data.targets[0].scatter.size)} points per target the chart shows a uniform random sample; the percentages count every question.` : ""}</p>`,
    `<figure class="wide">${scatterSvg(data.targets, data.run.threshold)}<figcaption><ul class="legend">${legend.join("")}</ul></figcaption></figure>`,
    `</section>`,
  ].join("\n");
}
