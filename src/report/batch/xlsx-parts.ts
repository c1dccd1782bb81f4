/**
 * The fixed parts of results.xlsx (SpreadsheetML): content types, relationships, document properties, the
 * workbook (its sheets, the tab it opens on, the filter ranges) and the styles its cells use.
 */
import { xmlEscape } from "./xml.js";

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/** Cell styles (indexes into cellXfs below). */
export const STYLE = { header: 1, under: 2, over: 3, under3: 4, over3: 5, percent: 6 } as const;

/** Cell colours by side of the threshold: fill and font (ARGB). */
const FILL = { under: "FFF8D7DA", over: "FFD4EDDA" };
const FONT = { under: "FF842029", over: "FF0F5132" };

export function contentTypes(sheets: number): string {
  const overrides = [
    ["/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"],
    ...Array.from({ length: sheets }, (_, i) => [`/xl/worksheets/sheet${i + 1}.xml`, SHEET_TYPE]),
    ["/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"],
    ["/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"],
    ["/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"],
  ];
  return `${DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join("")}</Types>`;
}

export function rootRels(): string {
  return `${DECLARATION}<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${PACKAGE_REL}/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`;
}

export function coreProps(creator: string, at: Date): string {
  const when = `${at.toISOString().slice(0, 19)}Z`;
  return `${DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${xmlEscape(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`;
}

export function appProps(): string {
  return `${DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>auditllm</Application></Properties>`;
}

/** A sheet name in a formula: quoted, its apostrophes doubled. */
const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** The workbook: its sheets in order, opening on `active`; each sheet's filter over its header of `columns[i]` cells. */
export function workbook(names: string[], columns: number[], active: number): string {
  const sheets = names.map((name, i) => `<sheet name="${xmlEscape(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  const filters = names
    .map((name, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlEscape(quoted(name))}!$A$1:$${columnName(columns[i]!)}$1</definedName>`)
    .join("");
  return `${DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="20000" windowHeight="12000" firstSheet="0" activeTab="${active}"/></bookViews><sheets>${sheets}</sheets><definedNames>${filters}</definedNames></workbook>`;
}

export function workbookRels(sheets: number): string {
  const rels = Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("");
  return `${DECLARATION}<Relationships xmlns="${PACKAGE_REL}">${rels}<Relationship Id="rId${sheets + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
}

const font = (extra: string) => `<font>${extra}<sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`;
const fill = (argb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/><bgColor indexed="64"/></patternFill></fill>`;
const xf = (numFmt: number, font: number, fill: number) =>
  `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"${numFmt ? ' applyNumberFormat="1"' : ""}${font ? ' applyFont="1"' : ""}${fill ? ' applyFill="1"' : ""}/>`;

/** Fonts: 0 plain, 1 bold, 2 under, 3 over. Fills: 0 none, 1 gray125 (both required), 2 under, 3 over. Formats: 2 is 0.00 (built in), 164 0.000, 165 0.0%. */
export function styles(): string {
  const xfs = [xf(0, 0, 0), xf(0, 1, 0), xf(2, 2, 2), xf(2, 3, 3), xf(164, 2, 2), xf(164, 3, 3), xf(165, 0, 0)];
  return `${DECLARATION}<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.000"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts><fonts count="4">${font("")}${font("<b/>")}${font(`<color rgb="${FONT.under}"/>`)}${font(`<color rgb="${FONT.over}"/>`)}</fonts><fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${fill(FILL.under)}${fill(FILL.over)}</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`;
}

/** A column's letters: 1 → A, 27 → AA. */
export function columnName(column: number): string {
  let name = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
