import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LineCounter } from "./line-counter.js";

/** Naive oracle: 1 + line feeds before `offset`. */
const lineOf = (text: string, offset: number) => 1 + [...text.slice(0, offset)].filter((c) => c === "\n").length;

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("LineCounter", () => {
  it("counts lines across chunk boundaries and skips blank lines to a record's start", () => {
    const counter = new LineCounter(0, 0);
    for (const chunk of ["a,b\r", "\n\r\n", "\n", "c,d\nlast"]) counter.push(Buffer.from(chunk));
    assert.equal(counter.lineAt(0), 1);
    assert.equal(counter.lineAt(4), 1); // the "\n" of "\r\n" belongs to the line it ends
    assert.deepEqual(counter.contentAt(5), { offset: 8, line: 4 });
    assert.equal(counter.lineAt(12), 5);
    assert.throws(() => counter.lineAt(3), RangeError);
  });

  it("starts from an offset and a line count (a resumed segment)", () => {
    const counter = new LineCounter(100, 41);
    counter.push(Buffer.from("x\ny"));
    assert.equal(counter.lineAt(100), 42);
    assert.equal(counter.lineAt(102), 43);
  });

  it("agrees with a naive count on random texts, chunkings and increasing offsets", () => {
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const parts = ["a", "bc", "\n", "\r\n", "\n\n", ",", '"'];
      const text = Array.from({ length: 1 + Math.floor(next() * 80) }, () => parts[Math.floor(next() * parts.length)]).join("");
      const counter = new LineCounter(0, 0);
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(next() * 7);
        counter.push(Buffer.from(text.slice(at, at + size)));
        at += size;
      }
      for (let offset = 0; offset < text.length; offset += 1 + Math.floor(next() * 5)) {
        if (next() < 0.5) {
          assert.equal(counter.lineAt(offset), lineOf(text, offset), `${JSON.stringify(text)} @${offset}`);
        } else {
          let start = offset;
          while (text[start] === "\n" || text[start] === "\r") start++;
          const got = counter.contentAt(offset);
          assert.deepEqual(got, { offset: Math.min(start, text.length), line: lineOf(text, Math.min(start, text.length)) }, `${JSON.stringify(text)} @${offset}`);
          offset = got.offset;
        }
      }
    }
  });
});
