/**
 * results.xlsx read back with exceljs: a sheet per target and a Summary, the header frozen with filters on it,
 * consistency cells red under 0.60 and green above, numbers as numbers, and text no XML can hold removed
 * (the workbook still opens) while the rest of a hostile question survives as written.
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
    if (cell.value < 0.6) red++, assert.equal(fillOf(cell), "FFF8D7DA", `row ${n}: ${cell.value} is red`);
    else green++, assert.equal(fillOf(cell), "FFD4EDDA", `row ${n}: ${cell.value} is green`);
  });
  assert.ok(red > 0 && green > 0, `${red} red, ${green} green`);
  const summary = book.getWorksheet("Summary")!;
  assert.deepEqual((summary.getRow(2).values as unknown[]).slice(1, 4), ["ollama:llama3.2:3b", "ollama_llama3.2_3b", 120]);
  assert.equal(typeof summary.getRow(2).getCell(6).value, "number", "mean consistency");
  assert.equal(summary.getRow(2).getCell(7).value, red, "under 0.6 counts the red cells");
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
