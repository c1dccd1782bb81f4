import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wordSupport } from "./support.js";

describe("wordSupport", () => {
  const passages = ["Ada Lovelace was born in 1815 in London.", "Lovelace, an English mathematician, was born in 1815.", "Born in 1815, Ada Lovelace wrote an algorithm."];
  it("is 1 for a claim every passage states, 0 for one none does, and in between by share of passages", () => {
    assert.equal(wordSupport(["Lovelace was born in 1815."], passages)[0], 1);
    assert.equal(wordSupport(["Tolstoy painted landscapes."], passages)[0], 0);
    const [london] = wordSupport(["Lovelace was born in London."], passages);
    assert.ok(london! > 0.4 && london! < 0.9, `${london}`);
  });
  it("weighs rare words more when weights are given", () => {
    const claim = ["She was born in 1852 in London."];
    const flat = wordSupport(claim, passages)[0]!;
    const rare = wordSupport(claim, passages, (w) => (w === "1852" ? 10 : 1))[0]!;
    assert.ok(rare < flat, `${rare} < ${flat}`);
  });
  it("counts every claim as supported when there is nothing to compare with", () => {
    assert.deepEqual(wordSupport(["anything"], []), [1]);
    assert.deepEqual(wordSupport(["", "the of"], passages).length, 2);
  });
});
