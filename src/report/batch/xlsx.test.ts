/**
 * results.xlsx (our own writer) read back with exceljs, an independent reader: a sheet per target and a Summary
 * it opens on, the header bold and frozen with filters on it, column widths, consistency cells red under 0.60
 * and green above shown as 0.00 (the Summary's mean as 0.000, its share as 0.0%), numbers as numbers, text no
 * XML can hold removed (the workbook still opens) while the rest of a hostile question survives as written, and
 * text cut at Excel's 32,767 characters a cell. `scripts/xlsx-check.mjs` opens it in openpyxl too.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import ExcelJS from "exceljs";
import { fortuneRow, hostileRun, quizRows, runInfo, sourceOf } from "../../testing/batch-rows.js";
import { CSV_COLUMNS } from "./csv.js";
import { writeReport } from "./index.js";
import { sheetNames } from "./xlsx.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-xlsx-"));

async function written(name: string, source: Parameters<typeof writeReport>[1]): Promise<ExcelJS.Workbook> {
  const path = join(dir, name);
  await writeReport("xlsx", source, path);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
const fontColorOf = (cell: ExcelJS.Cell) => cell.font?.color?.argb;

test("a sheet per target and a Summary; frozen header, filters, scores coloured by the threshold", async () => {
  const run = runInfo({ targets: ["ollama:llama3.2:3b", "openai-compatible:gpt/4?"] });
  const book = await written(
    "quiz.xlsx",
    sourceOf(run, () => quizRows(run, 120)),
  );
  assert.deepEqual(
    book.worksheets.map((s) => s.name),
    ["ollama_llama3.2_3b", "openai-compatible_gpt_4_", "Summary"],
  );
  const sheet = book.worksheets[0]!;
  assert.deepEqual(sheet.views[0], { ...sheet.views[0], state: "frozen", ySplit: 1 });
  assert.ok(sheet.autoFilter, "filters on the header");
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1, 8), [...CSV_COLUMNS.slice(0, 7)]);
  assert.equal(sheet.getRow(1).getCell(CSV_COLUMNS.length + 1).value, "source", "meta columns last");
  assert.equal(sheet.rowCount, 121, "header + 120 questions");
  const col = CSV_COLUMNS.indexOf("consistency") + 1;
  let red = 0;
  let green = 0;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cell = row.getCell(col);
    if (typeof cell.value !== "number") return assert.equal(fillOf(cell), undefined, "no score, no colour");
    assert.equal(cell.numFmt, "0.00", `row ${n}: shown as 0.00`);
    if (cell.value < 0.6) red++, assert.equal(fillOf(cell), "FFF8D7DA", `row ${n}: ${cell.value} is red`), assert.equal(fontColorOf(cell), "FF842029");
    else green++, assert.equal(fillOf(cell), "FFD4EDDA", `row ${n}: ${cell.value} is green`), assert.equal(fontColorOf(cell), "FF0F5132");
  });
  assert.ok(red > 0 && green > 0, `${red} red, ${green} green`);
  assert.equal(typeof sheet.getRow(2).getCell(1).value, "number", "idx is a number");
  assert.equal(sheet.getRow(2).getCell(CSV_COLUMNS.indexOf("question") + 1).font?.bold, undefined, "only the header is bold");
  sheet.getRow(1).eachCell((cell) => assert.equal(cell.font?.bold, true, `header ${cell.value} is bold`));
  assert.equal(sheet.getColumn(CSV_COLUMNS.indexOf("question") + 1).width, 60);
  assert.equal(sheet.getColumn(1).width, 8);
  const summary = book.getWorksheet("Summary")!;
  assert.deepEqual((summary.getRow(2).values as unknown[]).slice(1, 4), ["ollama:llama3.2:3b", "ollama_llama3.2_3b", 120]);
  const mean = summary.getRow(2).getCell(6);
  assert.equal(typeof mean.value, "number", "mean consistency");
  assert.equal(mean.numFmt, "0.000");
  assert.equal(fillOf(mean), (mean.value as number) < 0.6 ? "FFF8D7DA" : "FFD4EDDA");
  assert.equal(summary.getRow(2).getCell(7).value, red, "under 0.6 counts the red cells");
  assert.equal(summary.getRow(2).getCell(8).value, red / (red + green));
  assert.equal(summary.getRow(2).getCell(8).numFmt, "0.0%");
  assert.deepEqual((summary.getRow(8).values as unknown[]).slice(1), ["metric", "hybrid"], "the run's settings under the table");
  assert.deepEqual(summary.views[0], { ...summary.views[0], state: "frozen", ySplit: 1 });
  assert.ok(summary.autoFilter, "filters on the Summary's header");
  assert.equal((book.views[0] as { activeTab?: number }).activeTab, 2, "opens on the Summary");
  assert.equal(book.creator, "auditllm");
});

test("a cell holds at most Excel's 32,767 characters; empty text is an empty cell; rows stay in input order", async () => {
  const run = runInfo({ targets: ["m"] });
  const rows = [...quizRows(run, 3)];
  rows[0] = { ...rows[0]!, question: `${"x".repeat(32_766)}\u{1F600}tail` };
  rows[1] = { ...rows[1]!, question: "" };
  const book = await written("long.xlsx", sourceOf(run, rows));
  const sheet = book.worksheets[0]!;
  const col = CSV_COLUMNS.indexOf("question") + 1;
  assert.equal(sheet.getRow(2).getCell(col).value, "x".repeat(32_766), "cut at 32,767 UTF-16 units, never half an emoji");
  assert.equal(sheet.getRow(3).getCell(col).value, null);
  assert.deepEqual(
    [2, 3, 4].map((r) => sheet.getRow(r).getCell(1).value),
    [0, 1, 2],
  );
});

test("hostile text: invalid XML characters are stripped, markup is kept as text, the workbook opens", async () => {
  const { run, rows } = hostileRun();
  const nasty = 'Q\u0000\u0001\u0007\u000b\u001b[31m\uD800 </c></row><c t="s">& ]]> \uFFFE end';
  rows[0] = { ...rows[0]!, question: nasty, error: undefined };
  const book = await written("hostile.xlsx", sourceOf(run, rows));
  assert.equal(book.worksheets.length, 3);
  const cell = book.worksheets[0]!.getRow(2).getCell(CSV_COLUMNS.indexOf("question") + 1).value;
  assert.equal(cell, 'Q[31m </c></row><c t="s">& ]]>  end');
  assert.equal(book.worksheets[0]!.getRow(1).getCell(CSV_COLUMNS.length + 1).value, "k<script>window.__xss=2</script>");
});

test("sheet names fit Excel's rules: 31 characters, no : \\ / ? * [ ], unique", () => {
  const long = `openai-compatible:${"x".repeat(40)}`;
  assert.deepEqual(sheetNames(["a:b", "a/b", long, long, "Summary"]), ["a_b", "a_b~2", `openai-compatible_${"x".repeat(13)}`, `openai-compatible_${"x".repeat(11)}~2`, "Summary~2"]);
  assert.ok(fortuneRow());
});
