/**
 * `results.xlsx`: a sheet per target with the columns of results.csv (numbers as numbers), the scores coloured
 * by the threshold (red under it, green at or above), the header row frozen and filters on it, and a Summary
 * sheet (the workbook opens on it). Written with exceljs's streaming WorkbookWriter a target at a time (a sheet
 * is finished before the next starts, so nothing waits in memory), with inline strings (no shared-string
 * table): memory stays flat however many questions. Text loses what XML cannot hold and is cut at Excel's
 * 32,767 characters a cell.
 */
import type { Worksheet } from "exceljs";
import { CSV_COLUMNS, csvRecord, metaHeaders } from "./csv.js";
import { rowsOf, type ReportWriter } from "./types.js";
import { stripInvalidXml } from "./xml.js";

const MAX_CELL = 32_767;
/** The columns coloured by the threshold. */
const SCORES = new Set(["consistency", "within_prompt", "across_prompts"]);
const WIDTHS: Record<string, number> = { question: 60, target: 24, error: 40, least_supported_sentence: 50, contradictions: 30, worst_pair: 14, flags: 20 };
const FILL = { under: "FFF8D7DA", over: "FFD4EDDA" };
const FONT = { under: "FF842029", over: "FF0F5132" };
/** Rows written before the writer yields to the event loop, so the zip stream drains as it goes. */
const YIELD_EVERY = 200;

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

const cell = (value: unknown) => (typeof value === "string" ? stripInvalidXml(value).slice(0, MAX_CELL) : value);

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
    const { default: ExcelJS } = await import("exceljs");
    const { run } = source;
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import("node:stream").Stream, useStyles: true, useSharedStrings: false });
    workbook.creator = "auditllm";
    const headers = [...CSV_COLUMNS, ...metaHeaders(run.metaColumns)];
    const scoreColumns = headers.map((h, i) => (SCORES.has(h) ? i + 1 : 0)).filter(Boolean);
    const names = sheetNames(run.targets);
    const totals: Totals[] = [];
    for (const [t, target] of run.targets.entries()) {
      const sheet = workbook.addWorksheet(names[t], { views: [{ state: "frozen", ySplit: 1 }] });
      sheet.columns = headers.map((h) => ({ key: h, width: WIDTHS[h] ?? Math.max(8, Math.min(h.length + 2, 18)) }));
      header(sheet, headers);
      const total: Totals = { rows: 0, scored: 0, sum: 0, under: 0, failed: 0 };
      for await (const row of rowsOf(source, target)) {
        const record = csvRecord(row, run.threshold, run.metaColumns).map(cell);
        const added = sheet.addRow(record);
        for (const col of scoreColumns) {
          const value = record[col - 1];
          if (typeof value !== "number") continue;
          const side = value < run.threshold ? "under" : "over";
          const c = added.getCell(col);
          c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: FILL[side] } };
          c.font = { color: { argb: FONT[side] } };
          c.numFmt = "0.00";
        }
        added.commit();
        const consistency = row.result?.scores.consistency;
        total.rows++;
        if (row.error) total.failed++;
        if (typeof consistency === "number") {
          total.scored++;
          total.sum += consistency;
          if (consistency < run.threshold) total.under++;
        }
        if (total.rows % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
      sheet.commit();
      totals.push(total);
    }
    summary(workbook.addWorksheet("Summary", { views: [{ state: "frozen", ySplit: 1 }] }), run, names, totals);
    (workbook as unknown as { views: unknown[] }).views = [{ activeTab: run.targets.length, firstSheet: 0, x: 0, y: 0, width: 20000, height: 12000, visibility: "visible" }];
    await workbook.commit();
  },
};

function header(sheet: Worksheet, headers: string[]): void {
  const row = sheet.addRow(headers);
  row.font = { bold: true };
  row.commit();
}

function summary(sheet: Worksheet, run: Parameters<NonNullable<ReportWriter["writeBinary"]>>[0]["run"], names: string[], totals: Totals[]): void {
  const headers = ["target", "sheet", "questions", "scored", "failed", "mean_consistency", `under_${run.threshold}`, "share_under"];
  sheet.columns = headers.map((h) => ({ key: h, width: h === "target" ? 36 : 16 }));
  header(sheet, headers);
  for (const [t, target] of run.targets.entries()) {
    const x = totals[t]!;
    const mean = x.scored ? x.sum / x.scored : null;
    const row = sheet.addRow([cell(target), names[t], x.rows, x.scored, x.failed, mean, x.under, x.scored ? x.under / x.scored : null]);
    if (mean !== null) {
      const side = mean < run.threshold ? "under" : "over";
      const c = row.getCell(6);
      c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: FILL[side] } };
      c.font = { color: { argb: FONT[side] } };
      c.numFmt = "0.000";
      row.getCell(8).numFmt = "0.0%";
    }
    row.commit();
  }
  const notes = [
    [],
    ["run", run.id],
    ["input", cell(run.input)],
    ["prober", cell(run.prober)],
    ["metric", cell(run.metric)],
    ...(run.probesFrom ? [["probes from run", run.probesFrom]] : []),
    ["threshold", run.threshold],
  ];
  for (const note of notes) sheet.addRow(note).commit();
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  sheet.commit();
}
