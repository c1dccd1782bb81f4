/** Model comparison on the questions every target answered: means, paired differences, who was more consistent how often, per category too. */
import type { ReportData } from "./aggregate.js";
import type { ComparisonReport, PairReport } from "./comparison.js";
import { escapeHtml } from "./escape.js";
import { count, percent, plural, score, signed, sortValue } from "./format.js";
import { legendSymbol } from "./svg.js";
import { CATEGORIES_SHOWN } from "./section-categories.js";

export function comparisonSection(data: ReportData): string {
  const open = `<section id="comparison" aria-labelledby="comparison-h"><h2 id="comparison-h">Model comparison</h2>`;
  const c = data.comparison;
  if (!c) return `${open}<p>One target only: audit several targets on the same probes (repeat <code>--target</code>) to compare them.</p></section>`;
  if (c.n === 0) return `${open}<p>No question has a consistency score from every target, so there is no paired comparison.</p></section>`;
  const name = (t: number) => `<strong>${escapeHtml(c.targets[t])}</strong>`;
  const order = c.targets.map((_, t) => t).sort((a, b) => c.means[b] - c.means[a]);
  const ranking =
    c.targets.length > 2 ? `<p>Ranked by mean consistency on the ${plural(c.n, "question")} every target answered: ${order.map((t) => `${name(t)} ${score(c.means[t])}`).join(", ")}.</p>` : "";
  const lead = c.pairs.find((p) => (p.a === c.targets[order[0]] && p.b === c.targets[order[1]]) || (p.b === c.targets[order[0]] && p.a === c.targets[order[1]]))!;
  const summary = c.targets.map(
    (t, i) =>
      `<tr><th scope="row">${legendSymbol(i)} ${escapeHtml(t)}</th><td${sortValue(c.means[i])}>${score(c.means[i])}</td><td${sortValue(c.best[i])}>${count(c.best[i])} <span class="muted">(${percent(c.best[i], c.n)})</span></td></tr>`,
  );
  return [
    open,
    `<p>Compared on the ${plural(c.n, "question")} that every target answered with a score, so each difference is paired: same question, same probes.</p>`,
    ranking,
    `<p class="verdict">${verdict(lead, c.targets.length === 2 ? "both" : "each of these two")}</p>`,
    `<div class="scroll"><table class="sortable"><thead><tr><th scope="col">Target</th><th scope="col">Mean consistency (paired questions)</th><th scope="col">Most consistent on</th></tr></thead><tbody>${summary.join("")}<tr><th scope="row"><em>tie (equal to 4 decimals)</em></th><td>–</td><td${sortValue(c.ties)}>${count(c.ties)} <span class="muted">(${percent(c.ties, c.n)})</span></td></tr></tbody></table></div>`,
    c.pairs.length > 1 ? pairsTable(c.pairs) : "",
    categoryTable(data, c),
    `</section>`,
  ].join("\n");
}

/** "A is more consistent than B: …", or "no clear difference" when the 95% interval includes 0. */
export function verdict(p: PairReport, who: string): string {
  const [better, worse, betterWins, worseWins, diff] = p.meanDiff >= 0 ? [p.a, p.b, p.aBetter, p.bBetter, p.meanDiff] : [p.b, p.a, p.bBetter, p.aBetter, -p.meanDiff];
  const ci = p.ci ? (p.meanDiff >= 0 ? p.ci : ([-p.ci[1], -p.ci[0]] as [number, number])) : undefined;
  const clear = ci !== undefined && ci[0] > 0;
  const numbers = `paired difference ${signed(diff)}${ci ? ` (95% CI ${signed(ci[0])} to ${signed(ci[1])})` : ""} over ${plural(p.n, "question")} ${who} answered. <strong>${escapeHtml(better)}</strong> was the more consistent on ${percent(betterWins, p.n)} of them, <strong>${escapeHtml(worse)}</strong> on ${percent(worseWins, p.n)}, equal on ${percent(p.ties, p.n)}.`;
  return clear
    ? `<strong>${escapeHtml(better)}</strong> is more consistent than <strong>${escapeHtml(worse)}</strong>: ${numbers}`
    : `No clear difference between <strong>${escapeHtml(better)}</strong> and <strong>${escapeHtml(worse)}</strong>: ${numbers}`;
}

function pairsTable(pairs: PairReport[]): string {
  const rows = pairs.map(
    (p) =>
      `<tr><th scope="row">${escapeHtml(p.a)} − ${escapeHtml(p.b)}</th><td${sortValue(p.n)}>${count(p.n)}</td><td${sortValue(p.meanDiff)}>${signed(p.meanDiff)}</td><td>${p.ci ? `${signed(p.ci[0])} to ${signed(p.ci[1])}` : "–"}</td><td${sortValue(p.aBetter)}>${percent(p.aBetter, p.n)}</td><td${sortValue(p.bBetter)}>${percent(p.bBetter, p.n)}</td><td${sortValue(p.ties)}>${percent(p.ties, p.n)}</td></tr>`,
  );
  return `<h3>Every pair of targets</h3><div class="scroll"><table class="sortable"><thead><tr><th scope="col">A − B</th><th scope="col">Questions</th><th scope="col">Mean difference</th><th scope="col">95% CI</th><th scope="col">A more consistent</th><th scope="col">B more consistent</th><th scope="col">Equal</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function categoryTable(data: ReportData, c: ComparisonReport): string {
  if (!data.hasCategories || c.categories.length === 0) return "";
  const spread = (m: number[]) => Math.max(...m) - Math.min(...m);
  const sorted = [...c.categories].sort((a, b) => spread(b.means) - spread(a.means) || b.n - a.n).slice(0, CATEGORIES_SHOWN);
  const head = [`<th scope="col">Category</th>`, `<th scope="col">Questions</th>`, ...c.targets.map((t) => `<th scope="col">${escapeHtml(t)}: mean (most consistent on)</th>`)];
  if (c.targets.length === 2) head.push(`<th scope="col">Difference (${escapeHtml(c.targets[0])} − ${escapeHtml(c.targets[1])})</th>`);
  const rows = sorted.map((g) => {
    const cells = [`<th scope="row">${escapeHtml(g.name)}</th>`, `<td${sortValue(g.n)}>${count(g.n)}</td>`];
    g.means.forEach((m, t) => cells.push(`<td${sortValue(m)}>${score(m)} <span class="muted">(${count(g.best[t])})</span></td>`));
    if (c.targets.length === 2) cells.push(`<td${sortValue(g.means[0] - g.means[1])}>${signed(g.means[0] - g.means[1])}</td>`);
    return `<tr>${cells.join("")}</tr>`;
  });
  const more = c.categories.length > sorted.length ? `<p>And ${count(c.categories.length - sorted.length)} more categories.</p>` : "";
  return `<h3>Per category</h3><p>Paired questions only; the categories where the targets differ most come first.</p><div class="scroll"><table class="sortable"><thead><tr>${head.join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>${more}`;
}
