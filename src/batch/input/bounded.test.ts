/**
 * Inputs that are too big or not UTF-8 get messages that say so. Pass conditions in the test names.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { checkInputFile } from "../../app/executor.js";
import { InputError } from "../../app/errors.js";
import { InputFileError, openInput } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-bounded-"));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function items(path: string) {
  const out = [];
  for await (const item of await openInput(path)) out.push(item);
  return out;
}

test("a 5 MB line in a CSV is skipped as 'the line is longer than 1,048,576 bytes', not as an unclosed quote; the next row reads", async () => {
  const got = await items(file("long.csv", `question\n${"a".repeat(5_000_000)}\nWhat is it?\n`));
  assert.deepEqual(got[0], {
    ok: false,
    line: 2,
    error: "the line is longer than 1,048,576 bytes, the longest row auditllm reads (32 × the longest text, at least 1 MiB); reading resumes on the next line",
  });
  assert.deepEqual(got[1], { ok: true, row: { line: 3, question: "What is it?", meta: {} } });
  assert.equal(got.length, 2);
});

test("a header of 200,001 columns fails at once with 'its header has 200,001 columns; auditllm reads at most 1,000'", async () => {
  const path = file("wide.csv", `${"a,".repeat(200_000)}question\n${"x,".repeat(200_000)}q?\n`);
  await assert.rejects(openInput(path), (e: unknown) => e instanceof InputFileError && /its header has 200,001 columns; auditllm reads at most 1,000 \(AUDITLLM_MAX_COLUMNS/.test(e.message));
});

test("invalid UTF-8 on lines 2 and 4 (CSV, TXT; JSONL line 2) is reported on those lines as 'not valid UTF-8', not silently replaced", async () => {
  const bad = (rows: string[]) => Buffer.concat(rows.map((r, i) => Buffer.concat([Buffer.from(r), i === 1 || i === 3 ? Buffer.from([0xff, 0xc3, 0x28]) : Buffer.alloc(0), Buffer.from("\n")])));
  for (const [name, rows] of [
    ["bad.csv", ["question", "Is it", "Is it fine?", "Is it"]],
    ["bad.txt", ["# questions", "Is it", "Is it fine?", "Is it"]],
  ] as const) {
    const got = await items(file(name, bad([...rows])));
    const skipped = got.filter((g) => !g.ok).map((g) => (g.ok ? 0 : g.line));
    assert.deepEqual(skipped, [2, 4], name);
    assert.ok(
      got.every((g) => g.ok || /^not valid UTF-8/.test(g.error)),
      name,
    );
  }
  const jsonl = await items(file("bad2.jsonl", Buffer.concat([Buffer.from('{"question": "Is it ok?"}\n{"question": "Is it '), Buffer.from([0xff]), Buffer.from(' ok?"}\n')])));
  assert.deepEqual(
    jsonl.map((g) => (g.ok ? g.row.line : `${g.line} ${g.error.slice(0, 16)}`)),
    [1, "2 not valid UTF-8:"],
  );
});

test("a folder named x.csv is 'a folder, not a file', not 'No such file'", async () => {
  const folder = join(dir, "x.csv");
  mkdirSync(folder);
  assert.throws(
    () => checkInputFile(folder),
    (e: unknown) => e instanceof InputError && e.message === `${folder} is a folder, not a file.`,
  );
  await assert.rejects(openInput(folder), /is a folder, not a file/);
});
