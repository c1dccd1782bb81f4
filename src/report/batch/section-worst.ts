/** The least consistent questions per target: the question, its probes, and every answer in full, the outliers and the worst pair marked. */
import type { ReportData, WorstEntry } from "./aggregate.js";
import { clip, escapeHtml } from "./escape.js";
import { count, score } from "./format.js";
import { labelOf } from "./row-facts.js";
import { legendSymbol } from "./svg.js";

/** Answers longer than this are cut (the whole text is in results.jsonl). */
export const ANSWER_CHARS = 3000;
/** Entries shown open per target; the rest are folded. */
const OPEN = 3;

export function worstSection(data: ReportData): string {
  const threshold = data.run.threshold;
  const parts = data.targets.map((t, i) => {
    const entries = t.worst.sorted();
    const body = entries.length ? entries.map((e, rank) => entry(e, rank, threshold)).join("\n") : `<p>No question has a consistency score.</p>`;
    return `<h3>${legendSymbol(i)} ${escapeHtml(t.target)}: ${count(entries.length)} least consistent of ${count(t.consistency.n)}</h3>\n${body}`;
  });
  return [
    `<section id="least-consistent" aria-labelledby="least-h"><h2 id="least-h">Least consistent questions</h2>`,
    `<p>Per target, the questions whose answers agreed least. Labels: Q answers the question, P1… answer the probes. Outlier answers (agreement well under the others') and the least similar pair are marked in words as well as colour; scores under ${threshold.toFixed(2)} carry ✗.</p>`,
    ...parts,
    `</section>`,
  ].join("\n");
}

const mark = (x: number | undefined, threshold: number) =>
  `<span class="score${x !== undefined && Number(x.toFixed(2)) < threshold ? " bad" : ""}">${score(x)}${x !== undefined && Number(x.toFixed(2)) < threshold ? " ✗" : ""}</span>`;

function entry({ row, facts, others }: WorstEntry, rank: number, threshold: number): string {
  const result = row.result!;
  const label = labelOf(result);
  const meta = [`line ${row.line}`];
  if (row.id) meta.push(`id ${escapeHtml(clip(row.id, 200))}`);
  if (row.category) meta.push(`category ${escapeHtml(clip(row.category, 200))}`);
  if (facts.worstPair) meta.push(`worst pair ${facts.worstPair.labels.join("–")} ${score(facts.worstPair.similarity)}`);
  if (facts.outlierLabels.length) meta.push(`outlier${facts.outlierLabels.length > 1 ? "s" : ""} ${facts.outlierLabels.join(", ")}`);
  if (facts.distinctAnswers !== undefined) meta.push(`${count(facts.distinctAnswers)} distinct answer${facts.distinctAnswers === 1 ? "" : "s"}`);
  if (facts.contradictions.length) meta.push(`<strong>contradictions ✗</strong> ${escapeHtml(clip(facts.contradictions.join("; "), 600))}`);
  if (facts.truthfulness !== undefined) meta.push(`truthfulness ${score(facts.truthfulness)}`);
  if (facts.meanRelevance !== undefined) meta.push(`probe relevance ${score(facts.meanRelevance)}`);
  const extra = Object.entries(row.meta).filter(([, v]) => v !== null && v !== "");
  if (extra.length) meta.push(escapeHtml(clip(extra.map(([k, v]) => `${k}: ${String(v)}`).join(", "), 300)));
  const siblings = others.length ? `<p class="meta">Other targets on this question: ${others.map((o) => `${escapeHtml(o.target)} ${mark(o.consistency, threshold)}`).join(", ")}</p>` : "";
  const probes = result.probes.length
    ? `<ol class="probes">${result.probes.map((p, i) => `<li><span class="label">P${i + 1}</span> <span class="num">${score(p.relevance)}</span> ${escapeHtml(clip(p.text, 1000))}</li>`).join("")}</ol>`
    : `<p class="muted">No probes (samples of the question only).</p>`;
  const outliers = new Set(facts.outliers);
  const nonAnswers = new Map((result.scores.nonAnswers ?? []).map((x) => [result.scores.scored[x.index]!, x.kind]));
  const pair = facts.worstPair ? new Set([facts.worstPair.a, facts.worstPair.b]) : new Set<number>();
  const answers = result.answers.map((a, i) => {
    const tags: string[] = [];
    if (outliers.has(i)) tags.push(`<span class="tag tag-outlier">outlier</span>`);
    if (nonAnswers.has(i)) tags.push(`<span class="tag tag-non-answer">non-answer: ${escapeHtml(nonAnswers.get(i)!)}</span>`);
    if (pair.has(i)) tags.push(`<span class="tag tag-pair">worst pair ${score(facts.worstPair!.similarity)}</span>`);
    const cls = [outliers.has(i) ? "outlier" : "", pair.has(i) ? "worst-pair" : ""].filter(Boolean).join(" ");
    const text = a.error ? `<span class="failed">failed: ${escapeHtml(clip(a.error.message, 500))}</span>` : `<span class="answer">${escapeHtml(clip(a.text ?? "", ANSWER_CHARS))}</span>`;
    return `<tr${cls ? ` class="${cls}"` : ""}><th scope="row">${escapeHtml(label(a))}</th><td class="num">${score(a.agreement)}</td><td>${tags.join(" ")} ${text}</td></tr>`;
  });
  return [
    `<article class="worst"><details${rank < OPEN ? " open" : ""}>`,
    `<summary><h4><span class="rank">${rank + 1}.</span> ${mark(facts.consistency, threshold)} ${escapeHtml(clip(row.question, 200))}</h4></summary>`,
    `<p class="meta">${meta.join(" · ")}</p>`,
    siblings,
    `<p class="question"><span class="label">Q</span> ${escapeHtml(clip(row.question, ANSWER_CHARS))}</p>`,
    probes,
    facts.weakestSentence
      ? `<p class="meta">Least supported sentence: <span class="label">${escapeHtml(facts.weakestSentence.label)}</span> ${mark(facts.weakestSentence.support, threshold)} ${escapeHtml(clip(facts.weakestSentence.text, 600))}</p>`
      : "",
    `<div class="scroll"><table class="answers"><thead><tr><th scope="col">Answer</th><th scope="col">Agreement</th><th scope="col">Text</th></tr></thead><tbody>${answers.join("")}</tbody></table></div>`,
    `</details></article>`,
  ].join("\n");
}
