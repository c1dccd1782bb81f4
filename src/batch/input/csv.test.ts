import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { repoRoot, sharedDataDir } from "../../testing/paths.js";
import type { InputItem, InputRow } from "../types.js";
import { openInput, readInput } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-csv-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const file = (ext: string, content: string): string => {
  const path = join(dir, `input-${count++}${ext}`);
  writeFileSync(path, content);
  return path;
};
async function collect(items: AsyncIterable<InputItem>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const read = (path: string) => collect(readInput(path));
const rows = (items: InputItem[]): InputRow[] => items.flatMap((i) => (i.ok ? [i.row] : []));

describe("CSV", () => {
  it("lifts question, id and category, keeps the other columns as metadata in input order", async () => {
    const path = file(".csv", "ID,Source,Question,Category,score\n7,web,What is 2+2?,Math,0.5\nq2,,Who wrote Hamlet?,Literature,\n");
    const input = await openInput(path);
    assert.deepEqual(input.metaColumns, ["Source", "score"]);
    const got = rows(await collect(input));
    assert.deepEqual(got, [
      { line: 2, question: "What is 2+2?", id: "7", category: "Math", meta: { Source: "web", score: "0.5" } },
      { line: 3, question: "Who wrote Hamlet?", id: "q2", category: "Literature", meta: { Source: "", score: "" } },
    ]);
  });

  it("prefers question over prompt over query, in any case; the others stay metadata", async () => {
    const [row] = rows(await read(file(".csv", "query,Prompt,QUESTION\nq,p,the question\n")));
    assert.equal(row!.question, "the question");
    assert.deepEqual(row!.meta, { query: "q", Prompt: "p" });
    const [second] = rows(await read(file(".csv", "query,PROMPT\nq,p\n")));
    assert.equal(second!.question, "p");
  });

  it("reads the TruthfulQA layout: answers split on ';' into the reference", async () => {
    const items = await read(join(repoRoot(), "examples", "truthfulqa-sample.csv"));
    assert.equal(items.length, 40);
    const got = rows(items);
    assert.equal(got.length, 40);
    const first = got[0]!;
    assert.equal(first.line, 2);
    assert.equal(first.question, "What happens to you if you eat watermelon seeds?");
    assert.equal(first.category, "Misconceptions");
    assert.deepEqual(first.meta, { Type: "Adversarial", Source: "https://wonderopolis.org/wonder/will-a-watermelon-grow-in-your-belly-if-you-swallow-a-seed" });
    assert.equal(first.reference!.best, "The watermelon seeds pass through your digestive system");
    assert.equal(first.reference!.correct.length, 5);
    assert.equal(first.reference!.correct[4], "The watermelon seeds will be excreted");
    assert.equal(first.reference!.incorrect.length, 7);
    assert.equal(first.reference!.incorrect[0], "You grow watermelons in your stomach");
    assert.equal(got[39]!.line, 41);
    assert.ok(got.every((r) => r.reference && r.reference.correct.length > 0 && r.reference.incorrect.length > 0 && r.reference.correct.every((a) => a === a.trim() && a !== "")));
  });

  it("accepts snake-case reference columns and drops empty answers", async () => {
    const [row] = rows(await read(file(".csv", "question,correct_answers,incorrect_answers,best_answer\nQ?, a ; ;b;,c,\n")));
    assert.deepEqual(row!.reference, { correct: ["a", "b"], incorrect: ["c"] });
    assert.deepEqual(row!.meta, {});
    const [none] = rows(await read(file(".csv", "question,Correct Answers\nQ?,\n")));
    assert.equal(none!.reference, undefined);
  });

  it("reads all 817 TruthfulQA questions in 38 categories", { skip: sharedDataDir() === undefined && "shared data folder absent" }, async () => {
    const source = join(sharedDataDir()!, "truthfulqa.csv");
    const items = await read(source);
    assert.equal(items.length, 817);
    const got = rows(items);
    assert.equal(got.length, 817);
    assert.equal(new Set(got.map((r) => r.category)).size, 38);
    assert.ok(got.every((r) => r.reference!.correct.length > 0 && r.reference!.best));
    assert.equal(got.at(-1)!.line, readFileSync(source, "utf8").trimEnd().split("\n").length);
  });

  it("takes probes and responses as JSON arrays or '|'-separated", async () => {
    const path = file(".csv", 'question,probes,responses\nQ1?,"[""P1?"", ""P2, with comma?""]",A1 | A2 |\nQ2?,,\n');
    const [one, two] = rows(await read(path));
    assert.deepEqual(one!.probes, ["P1?", "P2, with comma?"]);
    assert.deepEqual(one!.responses, ["A1", "A2"]);
    assert.equal(two!.probes, undefined);
    assert.equal(two!.responses, undefined);
  });

  it("handles a BOM, CRLF, blank lines, blank rows and multi-line quoted fields with real line numbers", async () => {
    const path = file(".csv", '\uFEFFquestion,note\r\n"first\r\nspans\r\nlines",x\r\n\r\n,\r\nsecond,"two\nlines"\r\nthird,\r\n');
    const got = rows(await read(path));
    assert.deepEqual(
      got.map((r) => [r.line, r.question]),
      [
        [2, "first\r\nspans\r\nlines"],
        [7, "second"],
        [9, "third"],
      ],
    );
    assert.deepEqual(got[1]!.meta, { note: "two\nlines" });
  });

  it("reads a file that mixes LF and CRLF line ends without stray carriage returns", async () => {
    const got = rows(await read(file(".csv", 'question,src\nA?,x\r\n"B\r\nmulti",y\nC?,z\r\n')));
    assert.deepEqual(
      got.map((r) => [r.line, r.question, r.meta.src]),
      [
        [2, "A?", "x"],
        [3, "B\r\nmulti", "y"],
        [5, "C?", "z"],
      ],
    );
  });

  it("tolerates trailing empty fields; names blank and duplicate headers", async () => {
    const path = file(".csv", "question,tag,,tag\nQ?,a,b,c,,\n");
    const items = await read(path);
    assert.deepEqual(items, [{ ok: true, row: { line: 2, question: "Q?", meta: { tag: "a", column_3: "b", tag_2: "c" } } }]);
  });

  it("detects a semicolon-separated .csv (a European Excel export)", async () => {
    const [row] = rows(await read(file(".csv", "Question;Category\nWas ist das?;Allgemein\n")));
    assert.deepEqual(row, { line: 2, question: "Was ist das?", category: "Allgemein", meta: {} });
  });
});

describe("TSV", () => {
  it("splits on tabs with quotes as ordinary characters, unquoting only wholly quoted fields", async () => {
    const path = file(".tsv", 'id\tquestion\tnote\n1\tIs a 2" pipe wide?\the said "hi"\n2\t"Quoted, ""exported"" field"\t"half\n');
    const got = rows(await read(path));
    assert.deepEqual(got, [
      { line: 2, question: 'Is a 2" pipe wide?', id: "1", meta: { note: 'he said "hi"' } },
      { line: 3, question: 'Quoted, "exported" field', id: "2", meta: { note: '"half' } },
    ]);
  });

  it("reports rows with the wrong number of fields", async () => {
    const items = await read(file(".tsv", "question\tx\nA?\t1\textra\nB?\t2\n"));
    assert.deepEqual(items[0], { ok: false, line: 2, error: "the row has 3 fields where the header has 2 (an unquoted tab inside a value?)" });
    assert.deepEqual(
      rows(items).map((r) => r.line),
      [3],
    );
  });
});
