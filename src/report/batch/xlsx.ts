/**
 * `results.xlsx`: a sheet per target with the columns of results.csv (numbers as numbers), the scores coloured
 * by the threshold (red under it, green at or above, shown as 0.00), the header row bold and frozen with filters
 * on it, and a Summary sheet (the workbook opens on it). Written by our own streaming writer (SpreadsheetML
 * parts in `xlsx-parts.ts`, rows in `xlsx-sheet.ts`, the zip in `xlsx-zip.ts`) a target at a time, with inline
 * strings (no shared-string table): memory stays flat however many questions. Text loses what XML cannot hold
 * and is cut at Excel's 32,767 characters a cell.
 */
import { CSV_COLUMNS, csvRecord, metaHeaders } from "./csv.js";
import type { CellValue } from "./csv-cell.js";
import { TextSink } from "./sink.js";
import { rowsOf, type ReportSource, type ReportWriter } from "./types.js";
import { appProps, contentTypes, coreProps, rootRels, STYLE, styles, workbook, workbookRels } from "./xlsx-parts.js";
import { SheetWriter } from "./xlsx-sheet.js";
import { ZipWriter } from "./xlsx-zip.js";

/** The columns coloured by the threshold. */
const SCORES = new Set(["consistency", "within_prompt", "across_prompts"]);
const WIDTHS: Record<string, number> = { question: 60, target: 24, error: 40, least_supported_sentence: 50, contradictions: 30, worst_pair: 14, flags: 20 };

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique, not "Summary". */
export function sheetNames(targets: string[]): string[] {
  const taken = new Set(["summary"]);
  return targets.map((target) => {
    const base =
      target
        .replace(/[:\\/?*[\]]/g, "_")
        .replace(/^'|'$/g, "_")
        .slice(0, 31) || "target";
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

interface Totals {
  rows: number;
  scored: number;
  sum: number;
  under: number;
  failed: number;
}

export const xlsxReport: ReportWriter = {
  format: "xlsx",
  file: "results.xlsx",
  async writeBinary(source, out) {
    const sink = new TextSink(out);
    try {
      await writeWorkbook(source, sink);
      await sink.flush();
    } finally {
      sink.release();
    }
  },
};

async function writeWorkbook(source: ReportSource, sink: TextSink): Promise<void> {
  const { run } = source;
  const now = new Date();
  const zip = new ZipWriter(sink, now);
  const headers = [...CSV_COLUMNS, ...metaHeaders(run.metaColumns)];
  const scoreColumns = headers.flatMap((h, i) => (SCORES.has(h) ? [i] : []));
  const names = sheetNames(run.targets);
  const sheets = run.targets.length + 1;
  await zip.file("[Content_Types].xml", contentTypes(sheets));
  await zip.file("_rels/.rels", rootRels());
  await zip.file("docProps/core.xml", coreProps("auditllm", now));
  await zip.file("docProps/app.xml", appProps());
  const totals: Totals[] = [];
  for (const [t, target] of run.targets.entries()) {
    const sheet = new SheetWriter(
      await zip.entry(`xl/worksheets/sheet${t + 1}.xml`),
      headers.map((h) => WIDTHS[h] ?? Math.max(8, Math.min(h.length + 2, 18))),
      false,
    );
    await sheet.header(headers);
    const total: Totals = { rows: 0, scored: 0, sum: 0, under: 0, failed: 0 };
    for await (const row of rowsOf(source, target)) {
      const record = csvRecord(row, run.threshold, run.metaColumns);
      const cellStyles: (number | undefined)[] = [];
      for (const col of scoreColumns) {
        const value = record[col];
        if (typeof value === "number") cellStyles[col] = value < run.threshold ? STYLE.under : STYLE.over;
      }
      await sheet.row(record, cellStyles);
      const consistency = row.result?.scores.consistency;
      total.rows++;
      if (row.error) total.failed++;
      if (typeof consistency === "number") {
        total.scored++;
        total.sum += consistency;
        if (consistency < run.threshold) total.under++;
      }
    }
    await sheet.end();
    totals.push(total);
  }
  const summaryColumns = await summary(new SheetWriter(await zip.entry(`xl/worksheets/sheet${sheets}.xml`), SUMMARY_WIDTHS, true), run, names, totals);
  await zip.file("xl/workbook.xml", workbook([...names, "Summary"], [...names.map(() => headers.length), summaryColumns], run.targets.length));
  await zip.file("xl/_rels/workbook.xml.rels", workbookRels(sheets));
  await zip.file("xl/styles.xml", styles());
  await zip.close();
}

const SUMMARY_WIDTHS = [36, 16, 16, 16, 16, 16, 16, 16];

/** The Summary sheet: a row per target, then the run's settings. Returns its number of columns. */
async function summary(sheet: SheetWriter, run: ReportSource["run"], names: string[], totals: Totals[]): Promise<number> {
  const headers = ["target", "sheet", "questions", "scored", "failed", "mean_consistency", `under_${run.threshold}`, "share_under"];
  await sheet.header(headers);
  for (const [t, target] of run.targets.entries()) {
    const x = totals[t]!;
    const mean = x.scored ? x.sum / x.scored : null;
    const under = mean !== null && mean < run.threshold;
    const cellStyles = mean === null ? undefined : [undefined, undefined, undefined, undefined, undefined, under ? STYLE.under3 : STYLE.over3, undefined, STYLE.percent];
    await sheet.row([target, names[t], x.rows, x.scored, x.failed, mean, x.under, x.scored ? x.under / x.scored : null], cellStyles);
  }
  const notes: CellValue[][] = [
    [],
    ["run", run.id],
    ["input", run.input],
    ["prober", run.prober],
    ["metric", run.metric],
    ...(run.probesFrom ? [["probes from run", run.probesFrom]] : []),
    ["threshold", run.threshold],
  ];
  for (const note of notes) await sheet.row(note);
  await sheet.end();
  return headers.length;
}
