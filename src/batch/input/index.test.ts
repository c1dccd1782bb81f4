import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { InputItem } from "../types.js";
import { InputFileError, inputColumns, openInput, readInput } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-input-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** Asserts that opening `path` fails with an InputFileError whose message starts with the path and matches `message`. */
async function failsAtOnce(path: string, message: RegExp): Promise<void> {
  await assert.rejects(openInput(path), (error: Error) => {
    assert.ok(error instanceof InputFileError, `${error.name}: ${error.message}`);
    assert.equal(error.path, path);
    assert.ok(error.message.startsWith(`${path}: `), error.message);
    assert.match(error.message, message);
    return true;
  });
}

describe("a file that is not what its extension says fails at once", () => {
  it("missing, a folder, unknown or no extension", async () => {
    await failsAtOnce(join(dir, "missing.csv"), /: no such file\.$/);
    mkdirSync(join(dir, "folder.csv"));
    await failsAtOnce(join(dir, "folder.csv"), /is a folder, not a file/);
    await failsAtOnce(file("q.pdf", "x"), /"\.pdf" files are not supported; use one of \.csv, \.tsv, \.jsonl, \.ndjson, \.txt, \.xlsx\.$/);
    await failsAtOnce(file("q.json", "[]"), /write one object per line in a \.jsonl file/);
    await failsAtOnce(file("questions", "x"), /has no extension/);
  });

  it("empty, blank, binary, UTF-16, or a zip", async () => {
    for (const ext of [".csv", ".tsv", ".jsonl", ".txt", ".xlsx"]) await failsAtOnce(file(`empty${ext}`, ""), /: is empty\.$/);
    await failsAtOnce(file("blank.txt", "\uFEFF \n\n  \r\n"), /: is empty\.$/);
    await failsAtOnce(file("blank.csv", "\n\n,,\n"), /is empty \(no header row\)/);
    await failsAtOnce(file("binary.csv", Buffer.from([0x71, 0x75, 0x00, 0x01, 0x02])), /looks binary \(NUL bytes in its first 1024 bytes\), not a \.csv text file/);
    await failsAtOnce(file("utf16.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Question?\n", "utf16le")])), /is UTF-16 encoded; save it as UTF-8/);
    await failsAtOnce(file("book.csv", Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(40)])), /is a zip archive \(an \.xlsx workbook\?\), not a \.csv text file/);
    await failsAtOnce(file("text.xlsx", "question\nWhat?\n"), /is not an \.xlsx workbook/);
  });

  it("a CSV without a question column lists its columns and the names accepted", async () => {
    await failsAtOnce(
      file("noq.csv", "id,text,Category\n1,What?,x\n"),
      /has no question column: its header has the columns "id", "text", "Category"; name the column of questions question, prompt, query \(any case\)\.$/,
    );
    await failsAtOnce(file("noq.tsv", "text\tx\nWhat?\t1\n"), /has no question column: its header has the columns "text", "x"/);
    await failsAtOnce(file("badheader.csv", '\n"question,id\nWhat?,1\n'), /: line 2: the header cannot be read: a quote opened on this line is never closed/);
  });

  it("but a tab-separated file named .csv is read (the delimiter is detected from the header)", async () => {
    const items: InputItem[] = [];
    for await (const item of readInput(file("tabs.csv", "question\tid\nWhat, really?\t1\n"))) items.push(item);
    assert.deepEqual(items, [{ ok: true, row: { line: 2, question: "What, really?", id: "1", meta: {} } }]);
  });
});

describe("openInput, readInput, inputColumns", () => {
  it("readInput opens only when iterated, so its errors come from the first next()", async () => {
    const rows = readInput(join(dir, "nothing-here.csv"));
    await assert.rejects(rows[Symbol.asyncIterator]().next(), InputFileError);
  });

  it("a header-only file has no rows but has its columns", async () => {
    const path = file("header.csv", "question,lang\n");
    const input = await openInput(path);
    assert.deepEqual(input.metaColumns, ["lang"]);
    const items: InputItem[] = [];
    for await (const item of input) items.push(item);
    assert.deepEqual(items, []);
  });

  it("inputColumns: the header of a table, every key of a JSONL file", async () => {
    assert.deepEqual(await inputColumns(file("cols.csv", "z,question,a,id\n1,Q?,2,3\n")), ["z", "a"]);
    assert.deepEqual(await inputColumns(file("cols.jsonl", '{"question":"A?","b":1}\n{"question":"B?","a":2,"b":3}\n')), ["b", "a"]);
  });

  it("an opened file is read once; breaking off and close() release it", async () => {
    const path = file("once.txt", "A?\nB?\nC?\n");
    const input = await openInput(path);
    for await (const item of input) {
      assert.ok(item.ok);
      break;
    }
    const again = async (file: AsyncIterable<InputItem>) => {
      for await (const _ of file);
    };
    await assert.rejects(again(input), /was read or closed already/);
    const other = await openInput(path);
    await other.close();
    await assert.rejects(again(other), /was read or closed already/);
  });

  it("rejects a maxTextLength that is not a positive integer", async () => {
    await assert.rejects(openInput(file("limit.txt", "Q?\n"), { maxTextLength: 0 }), RangeError);
  });
});
