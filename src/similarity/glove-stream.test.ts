import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { encodeGlove } from "./glove-format.js";
import { convertWinkFile } from "./glove-stream.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-glove-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function write(text: string): string {
  const path = join(dir, `source-${n++}.json`);
  writeFileSync(path, text);
  return path;
}

/** What the cache must be: the whole JSON parsed at once, then encoded. */
function expected(path: string, text: string): Buffer {
  const json = JSON.parse(text) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
  const matrix = Float32Array.from(json.words.flatMap((w) => json.vectors[w]!.slice(0, json.dimensions)));
  return encodeGlove({ dims: json.dimensions, words: json.words, matrix }, statSync(path).size);
}

function convert(text: string): { path: string; actual: Buffer } {
  const path = write(text);
  return { path, actual: convertWinkFile(path, statSync(path).size) };
}

test("streams a source of several megabytes (rows across read chunks, pretty-printed) into the same bytes as parsing it whole", () => {
  let seed = 7;
  const random = () => ((seed = Math.imul(seed ^ (seed >>> 15), 2246822519) ^ (seed << 13)) >>> 0) / 2 ** 32 - 0.5;
  const dims = 60;
  const words = Array.from({ length: 4000 }, (_, i) => (i % 97 === 0 ? `w\u00e9${i}` : `word${i}`));
  const vectors = Object.fromEntries(words.map((w, i) => [w, [...Array.from({ length: dims }, () => Number((random() * 6).toFixed(i % 9))), 1.5, i]]));
  const text = JSON.stringify({ precision: 8, size: words.length, dimensions: dims, words, vectors, unkVector: [0, -1] }, null, 2);
  assert.ok(text.length > 3 * 2 ** 20, `${text.length} bytes span several 1 MiB reads`);
  const { path, actual } = convert(text);
  assert.ok(actual.equals(expected(path, text)));
});

test("escaped and non-ASCII words, exponents, extra values and keys in any order around them", () => {
  const words = ['"', "\\", "caf\u00e9", "tab\tword", "\u{1F600}", "e"];
  const vectors: Record<string, number[]> = {
    e: [1e-7, -2.5e3, 3e2, 0],
    '"': [0.1, -0.2, 0.3, 7],
    "\\": [-0, 12345678901234567890, 1.000000000000000000001, 8],
    "caf\u00e9": [1, 2, 3],
    "tab\tword": [0, 0, 0],
    "\u{1F600}": [-1.5, 1.5, -1.25, 3, 4, 5],
    notListed: [9, 9, 9],
  };
  const text = JSON.stringify({ other: { nested: [1, "two", null, true, false, { x: [] }] }, dimensions: 3, words, flag: true, vectors, tail: "end" });
  const { path, actual } = convert(text);
  assert.ok(actual.equals(expected(path, text)));
});

test("a word listed twice gets its vector in both rows", () => {
  const text = JSON.stringify({ dimensions: 2, words: ["a", "b", "a"], vectors: { a: [1, 2], b: [3, 4] } });
  const { path, actual } = convert(text);
  assert.ok(actual.equals(expected(path, text)));
});

test("bad sources fail with a clear message", () => {
  const cases: [string, RegExp][] = [
    [JSON.stringify({ vectors: { a: [1] }, dimensions: 1, words: ["a"] }), /"dimensions" and "words" before "vectors"/],
    [JSON.stringify({ dimensions: 2, words: ["a", "b"], vectors: { a: [1, 2] } }), /no 2-d vector for "b"/],
    [JSON.stringify({ dimensions: 2, words: ["a"], vectors: { a: [1] } }), /no 2-d vector for "a"/],
    [JSON.stringify({ dimensions: 2, words: ["a"] }), /not in the wink embeddings format/],
    ['{"dimensions": 2, "words": ["a"], "vectors": {"a": [1, 2', /not valid wink-format JSON at byte \d+/],
    ['{"dimensions": 2, "words": ["a"], "vectors": {"a": [1, x]}}', /not valid wink-format JSON at byte 55: expected a number/],
    ["[1, 2]", /expected "{"/],
  ];
  for (const [text, message] of cases) assert.throws(() => convert(text), message, text);
});
