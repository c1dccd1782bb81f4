/** `results.csv`: one record per question × target, streamed; the input's extra columns come last. */
import type { BatchRow, ReportWriter } from "./types.js";
import { fixed } from "../text.js";
import { csvLine, type CellValue } from "./csv-cell.js";
import { rowFacts } from "./row-facts.js";

export const CSV_COLUMNS = [
  "idx",
  "line",
  "id",
  "question",
  "category",
  "target",
  "consistency",
  "within_prompt",
  "across_prompts",
  "answers",
  "failed_answers",
  "probes",
  "mean_probe_relevance",
  "worst_pair",
  "outliers",
  "non_answers",
  "distinct_answers",
  "semantic_entropy",
  "contradictions",
  "truthfulness",
  "least_supported_sentence",
  "flags",
  "error",
] as const;

/** Meta columns keep their input names, unless one clashes with ours (or an earlier one): then `meta.<name>`. */
export function metaHeaders(metaColumns: string[]): string[] {
  const taken = new Set<string>(CSV_COLUMNS);
  return metaColumns.map((name) => {
    let header = taken.has(name) ? `meta.${name}` : name;
    for (let n = 2; taken.has(header); n++) header = `meta.${name}.${n}`;
    taken.add(header);
    return header;
  });
}

export function csvRecord(row: BatchRow, threshold: number, metaColumns: string[]): CellValue[] {
  const facts = rowFacts(row, threshold);
  const worst = facts.worstPair;
  return [
    row.idx,
    row.line,
    row.id,
    row.question,
    row.category,
    row.target,
    facts.consistency,
    facts.withinPrompt,
    facts.acrossPrompts,
    facts.answers,
    facts.failedAnswers,
    facts.probes,
    facts.meanRelevance,
    worst ? `${worst.labels[0]}–${worst.labels[1]} ${fixed(worst.similarity)}` : undefined,
    facts.outlierLabels.join(" "),
    facts.nonAnswers.join("; "),
    facts.distinctAnswers,
    facts.semanticEntropy,
    facts.contradictions.join("; "),
    facts.truthfulness,
    facts.weakestSentence ? `${facts.weakestSentence.label} ${fixed(facts.weakestSentence.support)}: ${facts.weakestSentence.text}` : undefined,
    facts.flags.join(" "),
    row.error,
    ...metaColumns.map((name) => row.meta[name]),
  ];
}

export const csvReport: ReportWriter = {
  format: "csv",
  file: "results.csv",
  async write(source, sink) {
    const { run } = source;
    await sink.write(csvLine([...CSV_COLUMNS, ...metaHeaders(run.metaColumns)]));
    for await (const row of source.rows()) await sink.write(csvLine(csvRecord(row, run.threshold, run.metaColumns)));
  },
};
