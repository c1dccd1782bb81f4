import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import ExcelJS from "exceljs";
import type { InputItem } from "../types.js";
import { InputFileError, openInput, readInput } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-xlsx-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

/** A real workbook whose sheets hold the given rows (null leaves a row empty). */
async function workbook(sheets: Record<string, (unknown[] | null)[]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    rows.forEach((row, i) => {
      if (row) sheet.getRow(i + 1).values = row as ExcelJS.CellValue[];
    });
  }
  const path = join(dir, `book-${count++}.xlsx`);
  await book.xlsx.writeFile(path);
  return path;
}
async function read(path: string): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readInput(path)) items.push(item);
  return items;
}

describe("xlsx", () => {
  it("reads the first worksheet with typed metadata, references, probes and sheet row numbers", async () => {
    const path = await workbook({
      Questions: [
        null,
        ["ID", "Category", "Question", "score", "reviewed", "added", "rich", "Correct Answers", "Incorrect Answers", "probes", "total"],
        [
          7,
          "Science",
          "Why is the sky blue?",
          0.75,
          true,
          new Date(Date.UTC(2024, 0, 2)),
          { richText: [{ text: "bold " }, { text: "words" }] },
          "Rayleigh scattering; light",
          "It reflects the sea",
          '["Why does the sky look blue?"]',
          { formula: "1+1", result: 2 },
        ],
        null,
        ["q2", null, { richText: [{ text: "Rich " }, { text: "question?" }] }, null, false, null, null, null, null, "P1? | P2?", null],
        [8, "Other", null, 1],
      ],
      Ignored: [["question"], ["from the second sheet"]],
    });
    const input = await openInput(path);
    assert.deepEqual(input.metaColumns, ["score", "reviewed", "added", "rich", "total"]);
    const items: InputItem[] = [];
    for await (const item of input) items.push(item);
    assert.deepEqual(items, [
      {
        ok: true,
        row: {
          line: 3,
          question: "Why is the sky blue?",
          id: "7",
          category: "Science",
          meta: { score: 0.75, reviewed: true, added: "2024-01-02", rich: "bold words", total: 2 },
          reference: { correct: ["Rayleigh scattering", "light"], incorrect: ["It reflects the sea"] },
          probes: ["Why does the sky look blue?"],
        },
      },
      { ok: true, row: { line: 5, question: "Rich question?", id: "q2", meta: { score: null, reviewed: false, added: null, rich: null, total: null }, probes: ["P1?", "P2?"] } },
      { ok: false, line: 6, error: 'no question (the "Question" cell is empty)' },
    ]);
  });

  it("fails at once without a question column, on an empty sheet, and on a file that is not a workbook", async () => {
    const noQuestion = await workbook({
      Sheet1: [
        ["text", "id"],
        ["x", 1],
      ],
    });
    await assert.rejects(read(noQuestion), /row 1 of its first worksheet has no question column: its header has the columns "text", "id"/);
    await assert.rejects(read(await workbook({ Sheet1: [] })), /its first worksheet is empty/);
    const csv = join(dir, "really-a-csv.xlsx");
    writeFileSync(csv, "question\nWhat?\n");
    await assert.rejects(read(csv), (e: Error) => e instanceof InputFileError && /is not an \.xlsx workbook .*it looks like text/.test(e.message));
    const zip = join(dir, "not-a-workbook.xlsx");
    writeFileSync(zip, Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(200, 7)]));
    await assert.rejects(read(zip), (e: Error) => e instanceof InputFileError && e.message.startsWith(`${zip}: `));
  });
});
