/** The report's header: what was run, on what, with which settings, and the counts (skipped input rows included). */
import type { ReportData } from "./aggregate.js";
import { escapeHtml } from "./escape.js";
import { count, plural } from "./format.js";
import { legendSymbol } from "./svg.js";

/** Skipped rows listed by line number before "and M more". */
export const SKIPPED_SHOWN = 20;

export function headerSection(data: ReportData): string {
  const { run } = data;
  const item = (term: string, value: string) => `<div><dt>${term}</dt><dd>${value}</dd></div>`;
  const targets = data.targets.map((t, i) => `<span class="target">${legendSymbol(i)} ${escapeHtml(t.target)}</span>`).join(" ");
  const finished = run.finishedAt ? `${escapeHtml(run.finishedAt)}${duration(run.createdAt, run.finishedAt)}` : "not finished";
  return [
    `<header>`,
    `<p class="kicker">auditllm batch report</p>`,
    `<h1>Consistency audit of ${plural(data.questions, "question")}</h1>`,
    `<dl class="facts">`,
    item("Run", `<code>${escapeHtml(run.id)}</code> (${escapeHtml(run.status)})`),
    item("Input", `<code>${escapeHtml(run.input)}</code>`),
    item("Started", escapeHtml(run.createdAt)),
    item("Finished", finished),
    item(data.targets.length === 1 ? "Target" : "Targets", targets),
    item("Prober", run.probesFrom ? `${escapeHtml(run.prober)}; probes reused from run <code>${escapeHtml(run.probesFrom)}</code> for the questions it shares` : escapeHtml(run.prober)),
    item("Metric", escapeHtml(run.metric)),
    item("Threshold", `${run.threshold.toFixed(2)} (answer pairs under it are dissimilar)`),
    item("Questions", `${count(data.questions)} (${plural(data.rows, "row")} of question × target)`),
    item("Skipped input rows", skipped(run.skipped)),
    `</dl>`,
    `</header>`,
  ].join("\n");
}

function skipped(rows: { line: number; error: string }[]): string {
  if (rows.length === 0) return "none";
  const shown = rows.slice(0, SKIPPED_SHOWN);
  const more = rows.length > shown.length ? `, and ${count(rows.length - shown.length)} more` : "";
  const lines = shown.map((r) => r.line).join(", ");
  const list = shown.map((r) => `<li>line ${r.line}: ${escapeHtml(r.error)}</li>`).join("");
  return `${count(rows.length)}: line${rows.length === 1 ? "" : "s"} ${lines}${more}<details><summary>Why</summary><ul class="plain">${list}</ul>${more ? `<p>and ${count(rows.length - shown.length)} more.</p>` : ""}</details>`;
}

function duration(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return "";
  const s = Math.round(ms / 1000);
  const text = s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
  return ` (${text})`;
}
