/**
 * Opens a results.xlsx written by auditllm in a second, independent reader: Python's openpyxl (not a dependency
 * of the project, so this is a script, not a test). Writes a sample workbook (quiz rows for two targets, a
 * hostile question, a 40,000-character one) from the built dist/, then has openpyxl check what a user sees.
 * Run: npm run build && PYTHON=<a python with openpyxl> node scripts/xlsx-check.mjs [file.xlsx]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeReport } from "../dist/report/batch/index.js";
import { quizRows, runInfo, sourceOf } from "../dist/testing/batch-rows.js";

const file = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), "auditllm-xlsx-check-")), "results.xlsx");
const run = runInfo({ targets: ["ollama:llama3.2:3b", "openai:gpt-4o-mini"] });
const rows = [...quizRows(run, 60)];
rows[0] = { ...rows[0], question: `Q\u0001 <b>&amp; "x"</b>\n  second line  ` };
rows[2] = { ...rows[2], question: "x".repeat(40_000) };
await writeReport("xlsx", sourceOf(run, rows), file);

const check = String.raw`
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
assert book.sheetnames == ["ollama_llama3.2_3b", "openai_gpt-4o-mini", "Summary"], book.sheetnames
assert book.active.title == "Summary", book.active.title
s = book["ollama_llama3.2_3b"]
assert s.freeze_panes == "A2", s.freeze_panes
assert s.auto_filter.ref and s.auto_filter.ref.startswith("A1:"), s.auto_filter.ref
header = [c.value for c in s[1]]
assert header[:4] == ["idx", "line", "id", "question"] and header[-1] == "source", header
assert all(c.font.b for c in s[1]), "bold header"
assert s.column_dimensions["D"].width == 60, s.column_dimensions["D"].width
col = header.index("consistency") + 1
red = green = 0
for r in range(2, s.max_row + 1):
    c = s.cell(r, col)
    if not isinstance(c.value, (int, float)):
        continue
    assert c.number_format == "0.00", c.number_format
    color = c.fill.fgColor.rgb
    if c.value < 0.6:
        red += 1; assert color == "FFF8D7DA" and c.font.color.rgb == "FF842029", (r, color)
    else:
        green += 1; assert color == "FFD4EDDA" and c.font.color.rgb == "FF0F5132", (r, color)
assert red and green, (red, green)
assert s.cell(2, 4).value == 'Q <b>&amp; "x"</b>\n  second line  ', repr(s.cell(2, 4).value)
assert len(s.cell(3, 4).value) == 32767, len(s.cell(3, 4).value)
assert isinstance(s.cell(2, 1).value, int)
m = book["Summary"]
assert [c.value for c in m[1]][:3] == ["target", "sheet", "questions"]
assert m.cell(2, 3).value == 60 and m.cell(2, 6).number_format == "0.000" and m.cell(2, 8).number_format == "0.0%", (m.cell(2, 6).number_format, m.cell(2, 8).number_format)
print(f"openpyxl {openpyxl.__version__}: {sys.argv[1]} opens; {len(book.sheetnames)} sheets, {s.max_row} rows in the first, {red} red and {green} green scores, formats and styles as written")
`;
execFileSync(process.env.PYTHON ?? "python3", ["-c", check, file], { stdio: "inherit" });
