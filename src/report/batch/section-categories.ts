/** Mean consistency per category × target, worst category first (the lowest mean of any target), with small bars. */
import { NO_CATEGORY, OTHER_CATEGORIES, type CategoryReport, type ReportData } from "./aggregate.js";
import { escapeHtml } from "./escape.js";
import { count, percent, score, sortValue } from "./format.js";
import { colorOf, n2 } from "./svg.js";

/** Categories listed before "and N more". */
export const CATEGORIES_SHOWN = 100;

export function categoriesSection(data: ReportData): string {
  const open = `<section id="categories" aria-labelledby="categories-h"><h2 id="categories-h">By category</h2>`;
  if (!data.hasCategories) return `${open}<p>The input has no category column, so there is no breakdown.</p></section>`;
  const threshold = data.run.threshold;
  const worst = (c: CategoryReport) => Math.min(...[...c.perTarget.values()].map((s) => s.value ?? Infinity));
  const sorted = [...data.categories].sort((a, b) => worst(a) - worst(b) || a.name.localeCompare(b.name));
  const shown = sorted.slice(0, CATEGORIES_SHOWN);
  const head = [`<th scope="col">Category</th>`, `<th scope="col">Questions</th>`];
  data.targets.forEach((t) => head.push(`<th scope="col">${escapeHtml(t.target)}: mean</th>`, `<th scope="col">${escapeHtml(t.target)}: under ${threshold.toFixed(2)}</th>`));
  const rows = shown.map((c) => {
    const name = c.name === NO_CATEGORY || c.name === OTHER_CATEGORIES ? `<em>${escapeHtml(c.name)}</em>` : escapeHtml(c.name);
    const cells = [`<th scope="row">${name}</th>`, `<td${sortValue(c.questions)}>${count(c.questions)}</td>`];
    data.targets.forEach((t, i) => {
      const s = c.perTarget.get(t.target);
      cells.push(`<td class="bar-cell"${sortValue(s?.value)}>${bar(s?.value, i)} ${score(s?.value)} <span class="muted">n=${count(s?.n ?? 0)}</span></td>`);
      cells.push(`<td${sortValue(s?.n ? s.under / s.n : undefined)}>${percent(s?.under ?? 0, s?.n ?? 0)}</td>`);
    });
    return `<tr>${cells.join("")}</tr>`;
  });
  const pooled = data.categories.some((c) => c.name === OTHER_CATEGORIES) ? ` Past ${count(data.categories.length - 1)} distinct categories, the rest are pooled as "${OTHER_CATEGORIES}".` : "";
  const more = sorted.length > shown.length ? `<p>And ${count(sorted.length - shown.length)} more categories (every row's category is in results.csv).</p>` : "";
  return [
    open,
    `<p>Mean consistency per category and target, the worst category first (by its lowest mean over the targets). Click a column header to sort.${pooled}</p>`,
    `<div class="scroll"><table class="sortable"><thead><tr>${head.join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
    more,
    `</section>`,
  ].join("\n");
}

/** A bar 0..1 for a table cell (decorative: the number is printed beside it). */
function bar(value: number | undefined, i: number): string {
  const w = value === undefined ? 0 : Math.max(0, Math.min(1, value)) * 80;
  return `<svg class="minibar" viewBox="0 0 80 10" width="80" height="10" aria-hidden="true"><rect width="80" height="10" fill="#eef0f3"/><rect width="${n2(w)}" height="10" fill="${colorOf(i)}"/></svg>`;
}
