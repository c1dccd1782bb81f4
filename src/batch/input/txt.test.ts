import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { InputItem } from "../types.js";
import { openInput, readInput } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-txt-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
async function read(content: string, maxTextLength?: number): Promise<InputItem[]> {
  const path = join(dir, `questions-${count++}.txt`);
  writeFileSync(path, content);
  const items: InputItem[] = [];
  for await (const item of readInput(path, { maxTextLength })) items.push(item);
  return items;
}

describe("plain text", () => {
  it("one question a line, trimmed; blank lines and # comments skipped; real line numbers", async () => {
    const items = await read("\uFEFF# my questions\r\nWhere is Paris?\r\n\r\n   \r\n  Why is the sky blue?  \r\n  # indented comment\nLast one, no newline?");
    assert.deepEqual(items, [
      { ok: true, row: { line: 2, question: "Where is Paris?", meta: {} } },
      { ok: true, row: { line: 5, question: "Why is the sky blue?", meta: {} } },
      { ok: true, row: { line: 7, question: "Last one, no newline?", meta: {} } },
    ]);
  });

  it("reports a question over the length limit and reads on", async () => {
    const items = await read(`Short?\n${"y".repeat(31)}\nAfter?\n`, 30);
    assert.deepEqual(items, [
      { ok: true, row: { line: 1, question: "Short?", meta: {} } },
      { ok: false, line: 2, error: "the question is 31 characters, over the limit of 30" },
      { ok: true, row: { line: 3, question: "After?", meta: {} } },
    ]);
  });

  it("has no metadata columns", async () => {
    const path = join(dir, "cols.txt");
    writeFileSync(path, "Q?\n");
    assert.deepEqual((await openInput(path)).metaColumns, []);
  });
});
