/** The readable report of one audit for a terminal. Colour is never the only signal: numbers and ✗ marks carry it too. */
import { createColors } from "picocolors";
import { MIN_RELEVANCE } from "../core/probes.js";
import type { Answer, AuditResult } from "../core/types.js";
import { fixed, oneLine, wrap } from "./text.js";

export interface TerminalOptions {
  color: boolean;
  width: number;
  runId?: string;
}

/** Short names for answers: Q (the question), P1…Pk (probes); with several samples Q.1, P2.3, … */
export function answerLabel(answer: Pick<Answer, "promptIndex" | "sampleIndex">, samples: number): string {
  const base = answer.promptIndex === 0 ? "Q" : `P${answer.promptIndex}`;
  return samples > 1 ? `${base}.${answer.sampleIndex + 1}` : base;
}

export function renderTerminalReport(result: AuditResult, options: TerminalOptions): string {
  const c = createColors(options.color);
  const width = Math.max(60, Math.min(options.width, 120));
  const { scores, config } = result;
  /** A score, padded to `width` before colouring (so columns line up), marked ✗ under `threshold`. */
  const score = (x: number | undefined, width = 0, threshold = scores.threshold) => {
    if (x === undefined || Number.isNaN(x)) return c.dim("–".padEnd(width));
    const shown = Number(fixed(x)); // judge what is shown, so "0.60" is never marked as under 0.60
    const text = (shown < threshold ? `${fixed(x)} ✗` : fixed(x)).padEnd(width);
    return shown < threshold ? c.red(text) : shown < 0.8 ? c.yellow(text) : c.green(text);
  };
  const out: string[] = [];
  const label = (a: Answer) => answerLabel(a, config.samples);

  out.push(c.bold(`Question: ${oneLine(result.question)}`));
  out.push(c.dim(`target ${config.target} · prober ${config.prober} · metric ${scores.metric} · ${config.samples} sample(s) per prompt at temperature ${config.temperature}`));
  out.push("");
  out.push(c.bold(`Probes (${result.probes.length})`) + c.dim("  relevance to the question"));
  result.probes.forEach((p, i) =>
    out.push(`  ${`P${i + 1}`.padEnd(4)}${score(p.relevance, 6, MIN_RELEVANCE)} ${wrap(p.text, width - 12, 2).join(`\n${" ".repeat(12)}`)}${p.source === "user" ? c.dim(" (yours)") : ""}`),
  );
  for (const d of result.droppedProbes) out.push(c.dim(`  dropped: ${oneLine(d.text)} — ${oneLine(d.reason)}`));
  out.push("");
  out.push(c.bold(`Answers (${result.answers.length})`) + c.dim("  agreement with the other answers"));
  for (const a of result.answers) {
    const head = `  ${label(a).padEnd(6)}`;
    if (a.error) {
      out.push(`${head}${c.red("failed")} ${c.dim(oneLine(a.error.message))}`);
      continue;
    }
    const lines = wrap(a.text ?? "", width - 16, 3);
    const k = scores.scored.indexOf(result.answers.indexOf(a));
    const kind = scores.nonAnswers?.find((x) => x.index === k)?.kind;
    out.push(`${head}${kind ? c.dim(kind.padStart(6).slice(-6)) : score(a.agreement, 6)} ${lines[0] ?? ""}`);
    for (const line of lines.slice(1)) out.push(`${" ".repeat(16)}${line}`);
  }
  out.push("");
  out.push(`${c.bold("Consistency")} ${score(scores.consistency)}  ${c.dim(`mean pairwise agreement; pairs under ${scores.threshold.toFixed(2)} are dissimilar`)}`);
  if (scores.nonAnswers?.length) {
    const note = scores.mostlyNonAnswers ? c.yellow(" ✗ mostly non-answers: the consistency says little") : c.dim(" (left out of the consistency)");
    out.push(`${c.bold("Non-answers")} ${scores.nonAnswers.map((x) => `${label(result.answers[scores.scored[x.index]!]!)} ${x.kind}`).join(", ")}${note}`);
  }
  if (scores.withinPrompt !== undefined) {
    out.push(`  same prompt ${fixed(scores.withinPrompt)} ${c.dim("(sampling noise)")} · different prompts ${fixed(scores.acrossPrompts)} ${c.dim("(paraphrase sensitivity)")}`);
  }
  const scored = scores.scored.map((i) => result.answers[i]);
  if (scores.outliers.length) {
    out.push(`${c.bold("Outliers")} ${scores.outliers.map((k) => `${label(scored[k])} (${fixed(scores.agreement[k])})`).join(", ")}`);
  }
  if (scores.clusters && scored.length >= 2) {
    const groups = scores.clusters.map((members) => members.map((k) => label(scored[k])).join(" "));
    const entropy = scores.semanticEntropy === undefined ? "" : c.dim(` · semantic entropy ${scores.semanticEntropy.toFixed(2)} nats`);
    out.push(`${c.bold("Distinct answers")} ${scores.clusters.length}${scores.clusters.length > 1 ? `: ${groups.map((g) => `{${g}}`).join(" ")}` : ""}${entropy}`);
  }
  if (scores.contradictions?.length) {
    const shown = scores.contradictions.slice(0, 6).map((p) => {
      const says = p.says ? ` (${oneLine(p.says[0])} vs ${oneLine(p.says[1])})` : "";
      return `${label(scored[p.a])}–${label(scored[p.b])} ${p.kind}${says}`;
    });
    const more = scores.contradictions.length > 6 ? ` and ${scores.contradictions.length - 6} more` : "";
    out.push(`${c.bold(c.red("Contradictions ✗"))} ${shown.join(", ")}${more}`);
  }
  // Sentence by sentence only where answers have several (a one-sentence answer is its agreement above).
  const unsupported = (scores.sentences ?? []).flatMap((list, k) => (list.length < 2 ? [] : list.filter((s) => s.support < scores.threshold).map((s) => ({ k, s }))));
  if (unsupported.length && scored.length >= 2) {
    out.push(c.bold("Sentences the other answers do not back") + c.dim(`  support under ${scores.threshold.toFixed(2)}`));
    for (const { k, s } of unsupported.slice(0, 6)) out.push(`  ${label(scored[k]).padEnd(6)}${score(s.support, 6)} ${wrap(s.text, width - 16, 1)[0] ?? ""}`);
    if (unsupported.length > 6) out.push(c.dim(`  and ${unsupported.length - 6} more`));
  }
  if (scores.dissimilarPairs.length) {
    const shown = scores.dissimilarPairs.slice(0, 8).map((p) => `${label(scored[p.a])}–${label(scored[p.b])} ${fixed(p.similarity)}`);
    const more = scores.dissimilarPairs.length > 8 ? ` and ${scores.dissimilarPairs.length - 8} more` : "";
    out.push(`${c.bold("Dissimilar pairs")} ${shown.join(", ")}${more}`);
  }
  if (scored.length >= 2) {
    out.push("");
    out.push(...renderMatrix(scores.pairwise, scored.map(label), scores.threshold, c));
  }
  for (const w of result.warnings) out.push(c.yellow(`warning: ${oneLine(w)}`));
  if (options.runId) out.push(c.dim(`\nSaved as run ${options.runId} (auditllm show ${options.runId}).`));
  return out.join("\n") + "\n";
}

type Colors = ReturnType<typeof createColors>;

/** The similarity matrix; past 12 answers, the mean similarity between prompts instead. */
function renderMatrix(pairwise: number[][], labels: string[], threshold: number, c: Colors): string[] {
  let matrix = pairwise;
  let names = labels;
  let title = "Similarity matrix";
  if (labels.length > 12) {
    const groups = [...new Set(labels.map((l) => l.split(".")[0]))];
    const groupOf = labels.map((l) => groups.indexOf(l.split(".")[0]));
    matrix = groups.map((_, g) => groups.map((_, h) => meanOf(pairwise, groupOf, g, h)));
    names = groups;
    title = "Mean similarity between prompts' answers";
  }
  // Each cell is a number and a mark: ✗ under the threshold, so the matrix reads the same without colour.
  const cell = (x: number, diagonal: boolean) => {
    if (Number.isNaN(x)) return "  –   ";
    const text = x.toFixed(2).padStart(5);
    if (diagonal) return c.dim(`${text} `);
    return Number(x.toFixed(2)) < threshold ? c.red(`${text}✗`) : `${text} `;
  };
  const rows = [c.bold(title), `      ${names.map((n) => `${n.padStart(5)} `).join(" ")}`.trimEnd()];
  matrix.forEach((row, i) => rows.push(`${names[i].padEnd(6)}${row.map((x, j) => cell(x, i === j && matrix === pairwise)).join(" ")}`.trimEnd()));
  return rows;
}

function meanOf(pairwise: number[][], groupOf: number[], g: number, h: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < pairwise.length; i++)
    for (let j = 0; j < pairwise.length; j++)
      if (i !== j && groupOf[i] === g && groupOf[j] === h) {
        sum += pairwise[i][j];
        n++;
      }
  return n ? sum / n : Number.NaN;
}
