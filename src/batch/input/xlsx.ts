/**
 * Excel workbooks (.xlsx): the first worksheet (in the workbook's order), read with exceljs's streaming
 * reader, loaded only when an .xlsx is read. The first non-blank row is the header; cells keep their
 * type (numbers, booleans; dates as ISO text; formulas as their result); rows are numbered as in the
 * sheet. Cells right of the header's last column are ignored: unlike CSV, they cannot come from a
 * misread row. Caveat of the format: the shared-string table is held in memory, and a workbook that
 * stores it after the sheet is read to its end into a temporary file before the first row.
 */
import { createReadStream } from "node:fs";
import type { CellValue, Row } from "exceljs";
import { InputFileError } from "./errors.js";
import { fileError, tooManyColumns, type Reader } from "./reader.js";
import { byteBudget, declaredSizeProblem, XlsxLimitError, type XlsxLimits } from "./xlsx-limits.js";
import { isBlankRow, metaNames, tableLayout, tableRow, type Cell, type TableLayout } from "./table.js";

export const readXlsx: Reader = async function* (context) {
  const declared = await declaredSizeProblem(context.path, context.xlsx).catch(() => undefined);
  if (declared) throw fileError(context, `${declared}.`);
  const { default: ExcelJS } = await import("exceljs");
  const input = createReadStream(context.path);
  const workbook = boundedReader(ExcelJS.stream.xlsx.WorkbookReader, input, context.xlsx);
  let layout: TableLayout | undefined;
  try {
    for await (const sheet of workbook) {
      const first = (workbook as unknown as { model?: { sheets?: { name?: string }[] } }).model?.sheets?.[0]?.name;
      const name = (sheet as unknown as { name?: string }).name;
      if (first !== undefined && name !== undefined && name !== first) continue;
      for await (const row of sheet) {
        const cells = cellsOf(row);
        if (isBlankRow(cells)) continue;
        if (layout) {
          yield tableRow(layout, cells.slice(0, layout.names.length), row.number, context.maxTextLength);
          continue;
        }
        const width = cells.length - [...cells].reverse().findIndex((c) => c !== null && c !== undefined && c !== "");
        if (width > context.maxColumns) throw fileError(context, `row ${row.number} of its first worksheet: ${tooManyColumns(width, context.maxColumns)}`);
        const found = tableLayout(cells.map((c) => (c === null || c === undefined ? "" : String(c))));
        if (typeof found === "string") throw fileError(context, `row ${row.number} of its first worksheet ${found}.`);
        layout = found;
        for (const column of metaNames(layout)) context.addColumn(column);
      }
      if (!layout) throw fileError(context, "its first worksheet is empty.");
      return;
    }
    throw fileError(context, "has no worksheet (is it really an .xlsx workbook?).");
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if (error instanceof XlsxLimitError) throw fileError(context, `${error.message}.`, error);
    throw fileError(context, `cannot be read as an .xlsx workbook: it is damaged or not a workbook (${(error as Error).message}).`, error);
  } finally {
    input.destroy();
  }
};

type WorkbookReaderClass = typeof import("exceljs").stream.xlsx.WorkbookReader;
type Chunks = AsyncIterable<Buffer | string>;

/**
 * exceljs's streaming reader with the limits applied as it inflates: the shared strings (held in memory) and
 * each worksheet count against one byte budget, and the shared strings against a count.
 */
function boundedReader(Base: WorkbookReaderClass, input: NodeJS.ReadableStream, limits: XlsxLimits): InstanceType<WorkbookReaderClass> {
  const budget = byteBudget(limits);
  class Bounded extends (Base as unknown as new (input: unknown, options: object) => Record<string, unknown>) {
    _parseSharedStrings(entry: NodeJS.ReadableStream): unknown {
      const strings = () => (this.sharedStrings as unknown[] | undefined)?.length ?? 0;
      const metered = entry.pipe(budget.meter("xl/sharedStrings.xml", strings));
      entry.on("error", (error) => metered.destroy(error));
      return (Base.prototype as unknown as Record<string, (entry: unknown) => unknown>)._parseSharedStrings!.call(this, metered);
    }
    _parseWorksheet(iterator: Chunks, sheetNo: string): unknown {
      async function* counted(): AsyncGenerator<Buffer | string> {
        for await (const chunk of iterator) {
          budget.count(`worksheet ${sheetNo}`, chunk.length);
          yield chunk;
        }
      }
      return (Base.prototype as unknown as Record<string, (it: unknown, n: string) => unknown>)._parseWorksheet!.call(this, counted(), sheetNo);
    }
  }
  return new Bounded(input, { worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", entries: "ignore" }) as unknown as InstanceType<WorkbookReaderClass>;
}

/** The row's cells from column A, as plain values. */
function cellsOf(row: Row): Cell[] {
  const values = row.values as CellValue[];
  return Array.from(values.slice(1), plain);
}

function plain(value: CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if ("richText" in value) return value.richText.map((r) => r.text ?? "").join("");
  if ("hyperlink" in value) return plain(value.text as CellValue);
  if ("error" in value) return value.error;
  if ("result" in value) return plain(value.result as CellValue);
  if ("formula" in value || "sharedFormula" in value) return null;
  return JSON.stringify(value);
}
