/**
 * One worksheet of results.xlsx, streamed row by row into its zip entry: the header row frozen (bold, with
 * filters on it), the column widths, then each row's cells: text as inline strings (empty text as an empty cell; what XML cannot hold
 * removed, cut at Excel's 32,767 characters a cell), numbers as numbers, booleans as booleans, empty cells left out.
 */
import type { CellValue } from "./csv-cell.js";
import { columnName, STYLE } from "./xlsx-parts.js";
import type { ZipEntry } from "./xlsx-zip.js";
import { stripInvalidXml, xmlText } from "./xml.js";

const MAX_CELL = 32_767;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A cell's text as Excel can hold it: valid XML, at most 32,767 characters (never half a surrogate pair). */
export function cellText(text: string): string {
  let cut = stripInvalidXml(text).slice(0, MAX_CELL);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

export class SheetWriter {
  private rows = 0;
  private readonly letters: string[];

  /** `widths`: one per column (characters); `selected`: the tab the workbook opens on. */
  constructor(
    private readonly entry: ZipEntry,
    private readonly widths: number[],
    private readonly selected: boolean,
  ) {
    this.letters = widths.map((_, i) => columnName(i + 1));
  }

  /** The start of the sheet (view, columns) and its header row: bold text. Await the result when there is one. */
  header(names: string[]): Promise<void> | undefined {
    const cols = this.widths.map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`).join("");
    this.entry.write(
      `${DECLARATION}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView workbookViewId="0"${this.selected ? ' tabSelected="1"' : ""}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`,
    );
    return this.row(
      names,
      names.map(() => STYLE.header),
    );
  }

  /** One row; `styles[i]` is cell i's style (an index of STYLE), if any. Await the result when there is one. */
  row(values: CellValue[], styles?: (number | undefined)[]): Promise<void> | undefined {
    const r = ++this.rows;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined || value === null || value === "") continue;
      const ref = `${this.letters[i] ?? columnName(i + 1)}${r}`;
      const style = styles?.[i] ? ` s="${styles[i]}"` : "";
      if (typeof value === "number" && Number.isFinite(value)) xml += `<c r="${ref}"${style}><v>${value}</v></c>`;
      else if (typeof value === "boolean") xml += `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
      else xml += `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(cellText(String(value)))}</t></is></c>`;
    }
    return this.entry.write(`${xml}</row>`);
  }

  /** Ends the sheet: filters on the header row. */
  async end(): Promise<void> {
    await this.entry.write(`</sheetData><autoFilter ref="A1:${columnName(this.widths.length)}1"/></worksheet>`);
    await this.entry.end();
  }
}
