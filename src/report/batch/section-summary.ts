/** Summary per target (one table row each) and the score distribution (one histogram per target, with a table of the bins). */
import type { ReportData } from "./aggregate.js";
import { HISTOGRAM_BINS, histogramSvg } from "./chart-histogram.js";
import { escapeHtml } from "./escape.js";
import { count, percent, score, sortValue } from "./format.js";
import { legendSymbol } from "./svg.js";

export function summarySection(data: ReportData): string {
  const threshold = data.run.threshold;
  const withSamples = data.targets.some((t) => t.within.n > 0);
  const head = ["Target", "Questions audited", "Failed", "No score", "Mean consistency", "Median", `Under ${threshold.toFixed(2)}`, "Mean probe relevance", "Failed answers"];
  if (withSamples) head.push("Same prompt (sampling noise)", "Different prompts (paraphrase)");
  const withMeaning = data.targets.some((t) => t.entropy.n > 0);
  const withTruth = data.targets.some((t) => t.truthfulness.n > 0);
  if (withMeaning) head.push("With a contradiction", "Mean semantic entropy");
  if (withTruth) head.push("Mean truthfulness");
  const rows = data.targets.map((t, i) => {
    const c = t.consistency;
    const cells = [
      `<th scope="row">${legendSymbol(i)} ${escapeHtml(t.target)}</th>`,
      `<td${sortValue(c.n)}>${count(c.n)}</td>`,
      `<td${sortValue(t.failed)}>${count(t.failed)}</td>`,
      `<td${sortValue(t.unscored)}>${count(t.unscored)}</td>`,
      `<td${sortValue(c.value)}><strong>${score(c.value)}</strong></td>`,
      `<td${sortValue(c.median)}>${score(c.median)}</td>`,
      `<td${sortValue(c.n ? c.under / c.n : undefined)}>${percent(c.under, c.n)} <span class="muted">(${count(c.under)})</span></td>`,
      `<td${sortValue(t.relevance.value)}>${score(t.relevance.value)}</td>`,
      `<td${sortValue(t.failedAnswers)}>${count(t.failedAnswers)} <span class="muted">of ${count(t.answers)}</span></td>`,
    ];
    if (withSamples) cells.push(`<td${sortValue(t.within.value)}>${score(t.within.value)}</td>`, `<td${sortValue(t.across.value)}>${score(t.across.value)}</td>`);
    if (withMeaning) {
      const contradicted = Math.round(t.contradicted.sum);
      cells.push(
        `<td${sortValue(t.contradicted.value)}>${percent(contradicted, t.contradicted.n)} <span class="muted">(${count(contradicted)})</span></td>`,
        `<td${sortValue(t.entropy.value)}>${score(t.entropy.value)}</td>`,
      );
    }
    if (withTruth) cells.push(`<td${sortValue(t.truthfulness.value)}>${score(t.truthfulness.value)} <span class="muted">(${count(t.truthfulness.n)})</span></td>`);
    return `<tr>${cells.join("")}</tr>`;
  });
  return [
    `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary per target</h2>`,
    `<p>Consistency is the mean similarity between a question's answers (to the question and to each probe); under ${threshold.toFixed(2)} a question counts as inconsistent. "Failed" rows have no audit (see the error in results.csv); "no score" rows had fewer than two answers. A contradiction is a pair of answers that cannot both be true (yes against no, another number or name in the same place; or an LLM judge's verdict); semantic entropy (nats) is 0 when every answer says the same thing and grows with the number of distinct answers. Truthfulness (with reference answers) is how much closer the answers come to the correct references than to the incorrect ones, 0.5 being even.${withSamples ? " With several samples per prompt, the last two columns separate sampling noise from paraphrase sensitivity." : ""}</p>`,
    `<div class="scroll"><table class="sortable"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
    failures(data),
    `</section>`,
  ].join("\n");
}

export function distributionSection(data: ReportData): string {
  const threshold = data.run.threshold;
  const figures = data.targets.map(
    (t, i) =>
      `<figure>${histogramSvg(t, i, threshold)}<figcaption>${legendSymbol(i)} ${escapeHtml(t.target)}: ${count(t.consistency.n)} questions, mean ${score(t.consistency.value)}, ${percent(t.consistency.under, t.consistency.n)} under the threshold (hatched bars)</figcaption></figure>`,
  );
  const bins = Array.from({ length: HISTOGRAM_BINS }, (_, b) => b / HISTOGRAM_BINS);
  const counts = data.targets.map((t) => t.consistency.histogram(HISTOGRAM_BINS));
  const table = [
    `<details><summary>The histograms as a table</summary><div class="scroll"><table><thead><tr><th scope="col">Consistency</th>${data.targets.map((t) => `<th scope="col">${escapeHtml(t.target)}</th>`).join("")}</tr></thead><tbody>`,
    ...bins.map((lo, b) => `<tr><th scope="row">${lo.toFixed(2)}–${(lo + 1 / HISTOGRAM_BINS).toFixed(2)}</th>${counts.map((c) => `<td>${count(c[b])}</td>`).join("")}</tr>`),
    `</tbody></table></div></details>`,
  ].join("");
  return [
    `<section id="distribution" aria-labelledby="distribution-h"><h2 id="distribution-h">Score distribution</h2>`,
    `<p>How many questions reached each consistency, per target. The dashed line is the threshold ${threshold.toFixed(2)}; bars wholly under it are hatched.</p>`,
    `<div class="figures">${figures.join("")}</div>`,
    table,
    `</section>`,
  ].join("\n");
}

/** The first failed rows of each target, with their errors. */
function failures(data: ReportData): string {
  const failed = data.targets.filter((t) => t.failed > 0);
  if (!failed.length) return "";
  const lists = failed.map((t) => {
    const items = t.failures.map((f) => `<li>line ${f.line} (${escapeHtml(f.question)}): ${escapeHtml(f.error)}</li>`).join("");
    const more = t.failed > t.failures.length ? `<li>and ${count(t.failed - t.failures.length)} more (every error is in results.csv)</li>` : "";
    return `<h3>${escapeHtml(t.target)}: ${count(t.failed)} failed</h3><ul class="plain">${items}${more}</ul>`;
  });
  return `<details><summary>Failed rows</summary>${lists.join("")}</details>`;
}
