import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { InputItem } from "../types.js";
import { MAX_RESUMES } from "./csv.js";
import { readInput } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-csv-bad-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
async function read(content: string, ext = ".csv", maxTextLength?: number): Promise<InputItem[]> {
  const path = join(dir, `bad-${count++}${ext}`);
  writeFileSync(path, content);
  const items: InputItem[] = [];
  for await (const item of readInput(path, { maxTextLength })) items.push(item);
  return items;
}
/** "line: question" for rows, "line! first words of the error" for skipped rows. */
const summary = (items: InputItem[]) => items.map((i) => (i.ok ? `${i.row.line}: ${i.row.question}` : `${i.line}! ${i.error.replace(/(not a JSON array) \(.+\)$/, "$1 (…)")}`));
const HEADER = "id,question,category\n";

describe("malformed CSV rows are reported at their line and the rows around them still come", () => {
  it("an unclosed quote followed later by other quotes costs one row", async () => {
    const items = await read(HEADER + '1,"What is oops,a\n2,Fine?,b\n3,"Quoted?",c\n4,Last?,d\n');
    assert.deepEqual(summary(items).slice(1), ["3: Fine?", "4: Quoted?", "5: Last?"]);
    assert.equal((items[0] as { line: number }).line, 2);
    assert.match(summary(items)[0]!, /^2! a quote opened on this line is not closed/);
  });

  it("an unclosed quote running to the end of the file costs one row", async () => {
    const items = await read(HEADER + '1,Before?,a\n2,"Never closed,b\n3,After?,c\n4,End?,d');
    assert.deepEqual(summary(items), ["2: Before?", "3! a quote opened on this line is never closed; reading resumes on the next line", "4: After?", "5: End?"]);
  });

  it("an unclosed quote is cut at the record size limit (1 MiB), and the rows it swallowed are read again", async () => {
    const filler = Array.from({ length: 20_000 }, (_, i) => `${i},Filler question number ${i} with some words to make it longer?,x\n`).join("");
    assert.ok(filler.length > 1 << 20);
    const items = await read(HEADER + '1,"Broken,a\n' + filler);
    assert.equal(items.length, 20_001);
    assert.equal(summary(items)[0], "2! the row is longer than 1,048,576 bytes: most likely a quote opened on this line is never closed; reading resumes on the next line");
    assert.ok(items.slice(1).every((item, i) => item.ok && item.row.line === i + 3 && item.row.id === String(i)));
  });

  it("a quote inside an unquoted field, and text after a closing quote", async () => {
    const items = await read(HEADER + '1,Is a 2" pipe wide?,a\n2,"He said "hi" there",b\n3,Fine?,c\n');
    assert.deepEqual(summary(items), [
      '2! a quote inside an unquoted field: put the whole field in double quotes and write each quote in it as two ("")',
      '3! text follows the closing quote of a quoted field (inside quotes, write a quote as two: "")',
      "4: Fine?",
    ]);
  });

  it("too many or too few fields", async () => {
    const items = await read(HEADER + "1,Too, many?,a\n2,Fine?,b\n3,Short?\n4,Trailing?,d,,\n");
    assert.deepEqual(summary(items), [
      "2! the row has 4 fields where the header has 3 (an unquoted comma inside a value?)",
      "3: Fine?",
      "4! the row has 2 fields where the header has 3 (a line break inside an unquoted value, or fields missing?)",
      "5: Trailing?",
    ]);
  });

  it("a multi-line record with the wrong field count is taken for an unclosed quote and re-read from the next line", async () => {
    // The quote opened on line 2 closes legitimately on line 3 (before a comma), leaving 4 fields.
    const items = await read(HEADER + '1,"Unclosed?,a\n2,Fine?",b,extra\n3,Next?,c\n');
    assert.deepEqual(summary(items), [
      "2! a quote opened on this line is probably not closed: the row runs on to line 3 and has 4 fields where the header has 3; reading resumes on the next line",
      '3! a quote inside an unquoted field: put the whole field in double quotes and write each quote in it as two ("")',
      "4: Next?",
    ]);
  });

  it("no question, blank question, over-long texts, bad probes", async () => {
    const long = "x".repeat(51);
    const items = await read("question,probes,responses\n" + ",,\n   ,[],\n" + `${long},,\nQ?,"[""${long}""]",\nQ?,,a|${long}\nQ?,"[1, 2]",\nQ?,"[oops",\nQ?,[],\n`, ".csv", 50);
    assert.deepEqual(summary(items), [
      '3! no question (the "question" cell is empty)',
      "4! the question is 51 characters, over the limit of 50",
      "5! probe 1 is 51 characters, over the limit of 50",
      "6! response 2 is 51 characters, over the limit of 50",
      '7! "probes"[0] is a number, not a string',
      '8! "probes" starts with "[" but is not a JSON array (…)',
      "9: Q?",
    ]);
  });

  it(`gives up with one error after ${MAX_RESUMES + 1} broken records`, async () => {
    const lines = Array.from({ length: MAX_RESUMES + 5 }, (_, i) => `${i},"Broken ${i}" here,x\n`).join("");
    const items = await read(HEADER + lines + "999,Never reached?,y\n");
    assert.equal(items.length, MAX_RESUMES + 2);
    assert.ok(items.slice(0, MAX_RESUMES + 1).every((i) => !i.ok && i.error.startsWith("text follows the closing quote")));
    assert.deepEqual(items.at(-1), {
      ok: false,
      line: MAX_RESUMES + 2,
      error: `stopped reading the file here: ${MAX_RESUMES + 1} rows have broken quoting; check that it is comma-separated with double-quoted fields`,
    });
  });
});
