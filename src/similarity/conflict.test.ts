import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conflictMatrix, conflicts, wordsIn } from "./conflict.js";

const kinds = (a: string, b: string) => conflicts(a, b).map((c) => `${c.kind}:${c.a}/${c.b}`);

describe("conflicts", () => {
  it("sees opposite yes/no answers and a negated statement on the same frame", () => {
    assert.deepEqual(kinds("Yes, MSG is harmful.", "No, MSG is not harmful."), ["polarity:yes/no"]);
    assert.deepEqual(kinds("MSG is harmful to health.", "MSG isn't harmful to health."), ["polarity:affirms/denies"]);
    assert.deepEqual(kinds("MSG is harmful.", "Cats are not dogs."), [], "a negation about something else is no contradiction");
    assert.deepEqual(kinds("No one knows for sure.", "Nobody knows for sure."), [], "both negated");
  });
  it("sees different numbers and names in the same slot, and different bare answers", () => {
    assert.deepEqual(kinds("Each team played 42 games.", "Each team played a total of 28 games."), ["number:42/28"]);
    assert.deepEqual(kinds("The Eiffel Tower is 330 metres tall.", "The Eiffel Tower is 324 metres tall."), ["number:330/324"]);
    assert.deepEqual(kinds("1990", "1992"), ["number:1990/1992"]);
    assert.deepEqual(kinds("Paris", "Lyon."), ["name:Paris/Lyon"]);
    assert.deepEqual(kinds("EC Graz finished on top of the table.", "VEU Feldkirch finished on top of the table."), ["name:EC Graz/VEU Feldkirch"]);
  });
  it("stays quiet on rewordings, shared values and values in different slots", () => {
    assert.deepEqual(kinds("Paris is the capital of France.", "The capital of France is Paris."), []);
    assert.deepEqual(kinds("He was born in 1950 in Ohio.", "Born in Ohio in 1950, he became a teacher."), []);
    assert.deepEqual(kinds("She was born in 1815.", "She died in 1852."), [], "birth and death years are different slots");
    assert.deepEqual(kinds("Water boils at 100 degrees.", "Ice melts at 0 degrees."), ["number:100/0"], "the same unit after both: one slot (a known limit)");
  });
  it("does not mistake common answer styles for contradictions", () => {
    const quiet: [string, string][] = [
      ["Paris is the capital of France. It is not the largest city in Europe.", "Paris is the capital of France."],
      ["As an AI language model, I do not have personal beliefs, but the ruler of England in 1616 was King James I.", "The ruler of England in 1616 was King James I."],
      ["It depends on the context; there is no single answer.", "It depends on context."],
      ["It is not clear where they come from, but they likely originated in California.", "Fortune cookies originated in California."],
      ["Thomas Edison invented it.", "Edison invented it."],
      ["Paris, France", "Paris"],
      ["Neil Armstrong walked on the Moon. Buzz Aldrin followed.", "Neil Armstrong walked on the Moon first."],
      ["# Answer\nParis", "Paris"],
      ["Depeche Mode's singer is Dave Gahan.", "Dave Gahan is Depeche Mode's singer."],
      ["Yes.", "Absolutely."],
      ["Paris.", "Definitely Paris."],
      ["The population is about 2 million.", "The population is 2.1 million."],
      ["Pi is 3.14.", "Pi is 3.14159."],
      ["Water boils at 100 degrees Celsius.", "Water boils at 212 degrees Fahrenheit."],
    ];
    for (const [a, b] of quiet) assert.deepEqual(kinds(a, b), [], `${a} / ${b}`);
    assert.deepEqual(kinds("The ruler of England in 1616 was King James I.", "The ruler of England in 1616 was Queen Elizabeth I."), ["name:King James/Queen Elizabeth"]);
    assert.deepEqual(kinds("It started on September 13, 1990.", "It started on September 21, 1990."), ["number:13/21"]);
  });
  it("builds a symmetric matrix of first conflicts", () => {
    const m = conflictMatrix(["Yes.", "No.", "Yes, it is."]);
    assert.equal(m[0]![1]!.kind, "polarity");
    assert.equal(m[1]![0]!.kind, "polarity");
    assert.equal(m[0]![2], undefined);
    assert.equal(m[0]![0], undefined);
  });
});

describe("wordsIn", () => {
  it("finds in ASCII text the words the Unicode pattern finds (fuzzed with a fixed seed)", () => {
    const WORD = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
    const alphabet = ["a", "b", "Z", "Q", "1", "2", "0", ".", ",", "-", "'", "%", " ", "_", "!", "\t", "\u2019", "é"];
    let seed = 9;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 20_000; k++) {
      let s = "";
      for (let i = Math.floor(next() * 14); i >= 0; i--) s += alphabet[Math.floor(next() * alphabet.length)];
      assert.deepEqual(
        wordsIn(s),
        Array.from(s.matchAll(WORD), (m) => m[0]),
        JSON.stringify(s),
      );
    }
  });
});
