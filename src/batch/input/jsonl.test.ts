import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { repoRoot } from "../../testing/paths.js";
import type { InputItem, InputRow } from "../types.js";
import { InputFileError, openInput, readInput } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-jsonl-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const file = (content: string, ext = ".jsonl"): string => {
  const path = join(dir, `input-${count++}${ext}`);
  writeFileSync(path, content);
  return path;
};
async function read(path: string, maxTextLength?: number): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readInput(path, { maxTextLength })) items.push(item);
  return items;
}
const rows = (items: InputItem[]): InputRow[] => items.flatMap((i) => (i.ok ? [i.row] : []));
const lines = (...objects: unknown[]) => objects.map((o) => (typeof o === "string" ? o : JSON.stringify(o))).join("\n") + "\n";

describe("JSON Lines", () => {
  it("keeps metadata types, lifts id and category, and learns columns as it goes", async () => {
    const path = file(lines({ ID: 3, question: "Q1?", Category: "A", n: 1.5, flag: true, none: null }, "", { id: "x", prompt: "Q2?", tags: ["a"], extra: { k: 1 } }), ".ndjson");
    const input = await openInput(path);
    const got: InputRow[] = [];
    for await (const item of input) if (item.ok) got.push(item.row);
    assert.deepEqual(got, [
      { line: 1, question: "Q1?", id: "3", category: "A", meta: { n: 1.5, flag: true, none: null } },
      { line: 3, question: "Q2?", id: "x", meta: { tags: '["a"]', extra: '{"k":1}' } },
    ]);
    assert.deepEqual(input.metaColumns, ["n", "flag", "none", "tags", "extra"]);
  });

  it("reads references nested, as an array, or flat; lists as arrays or ';' strings", async () => {
    const got = rows(
      await read(
        file(
          lines(
            { question: "A?", reference: { correct: ["c1", " c2 "], incorrect: "i1; i2", best: "c1" } },
            { question: "B?", reference: ["only correct"] },
            { question: "C?", correct_answers: "x;y", "Incorrect Answers": ["z"], "Best Answer": "x" },
            { question: "D?", reference: { Correct_Answers: ["k"] } },
          ),
        ),
      ),
    );
    assert.deepEqual(
      got.map((r) => r.reference),
      [
        { correct: ["c1", "c2"], incorrect: ["i1", "i2"], best: "c1" },
        { correct: ["only correct"], incorrect: [] },
        { correct: ["x", "y"], incorrect: ["z"], best: "x" },
        { correct: ["k"], incorrect: [] },
      ],
    );
    assert.ok(got.every((r) => Object.keys(r.meta).length === 0));
  });

  it("reads the score command's examples (question, 10 probes, 11 responses, metadata)", async () => {
    const got = rows(await read(join(repoRoot(), "examples", "nq-open-30.jsonl")));
    assert.equal(got.length, 30);
    assert.ok(got.every((r, i) => r.line === i + 1 && r.probes!.length === 10 && r.responses!.length === 11 && r.id!.startsWith("nq-open-")));
    assert.deepEqual(Object.keys(got[0]!.meta), ["label", "right_answer"]);
  });

  it("reports bad lines with their numbers and reads on", async () => {
    const items = await read(
      file(
        lines(
          { question: "Good 1?" },
          "{broken",
          "[1, 2]",
          '"a string"',
          { prompt: "   " },
          { text: "no question key" },
          { question: 42 },
          { question: "P?", probes: "not an array" },
          { question: "R?", responses: ["ok", null] },
          { question: "L?", responses: ["x".repeat(21)] },
          { question: "I?", id: { nested: true } },
          { question: "Good 2?", probes: [], responses: [] },
        ) + "\r\n",
      ),
      20,
    );
    // JSON.parse's own words differ between Node versions: only their presence is checked.
    const summary = items.map((i) => (i.ok ? `${i.row.line}: ${JSON.stringify(i.row)}` : `${i.line}! ${i.error.replace(/^(not valid JSON) \(.+\)$/, "$1 (…)")}`));
    assert.deepEqual(summary, [
      '1: {"line":1,"question":"Good 1?","meta":{}}',
      "2! not valid JSON (…)",
      "3! expected a JSON object, got an array",
      "4! expected a JSON object, got a string",
      '5! no question ("prompt" is blank)',
      "6! no question (no key named question, prompt, query (any case))",
      '7! "question" must be a string, not number',
      '8! "probes" must be an array of strings, not a string',
      '9! "responses"[1] is null, not a string',
      "10! response 1 is 21 characters, over the limit of 20",
      '11! "id" must be a string or a number',
      '12: {"line":12,"question":"Good 2?","meta":{}}',
    ]);
  });

  it("handles a BOM and CRLF line ends", async () => {
    const got = rows(await read(file('\uFEFF{"question":"A?"}\r\n\r\n{"question":"B?"}')));
    assert.deepEqual(
      got.map((r) => [r.line, r.question]),
      [
        [1, "A?"],
        [3, "B?"],
      ],
    );
  });

  it("fails at once when the first line shows it is not JSON Lines", async () => {
    const cases: [string, RegExp][] = [
      ['[{"question": "A?"}, {"question": "B?"}]', /is not JSON Lines: this looks like a JSON array; write one object per line\.$/],
      ['[\n  {"question": "A?"}\n]', /this looks like a JSON array/],
      ['{\n  "question": "A?"\n}', /this looks like pretty-printed JSON; write one object per line/],
      ["question,category\nA?,x\n", /is not JSON Lines: its first line is not JSON \(/],
      ['"just a string"\n', /its first line is a string, not a JSON object/],
    ];
    for (const [content, message] of cases) {
      const path = file(content);
      await assert.rejects(read(path), (error: Error) => error instanceof InputFileError && error.message.startsWith(path) && message.test(error.message), content);
    }
  });

  it("takes a broken first object for a bad row, not a wrong file", async () => {
    const items = await read(file('{"question": "A?",\n{"question": "B?"}\n'));
    assert.equal(items.length, 2);
    assert.deepEqual([items[0]!.ok, items[1]!.ok], [false, true]);
  });
});
