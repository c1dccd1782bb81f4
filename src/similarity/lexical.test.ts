import assert from "node:assert/strict";
import { test } from "node:test";
import { charGrams, dice, lcsLength, lexicalProfile, overlap, rougeL, weightedDice } from "./lexical.js";
import { tokenize } from "./tokenize.js";

const ids = (...xs: number[]) => Int32Array.from(xs).sort();
const profile = (text: string, intern = new Map<string, number>(), weightOf?: (t: string) => number) => lexicalProfile(tokenize(text), text, intern, weightOf);

test("multiset overlap and Dice", () => {
  assert.equal(overlap(ids(1, 2, 2, 3), ids(2, 2, 2, 4)), 2);
  assert.equal(dice(ids(1, 2), ids(1, 2)), 1);
  assert.equal(dice(ids(1, 2), ids(3)), 0);
  assert.equal(dice(ids(1, 2, 3, 4), ids(1, 2)), (2 * 2) / 6);
  assert.equal(dice(ids(), ids()), 1);
});

test("LCS and ROUGE-L follow word order", () => {
  assert.equal(lcsLength(Int32Array.of(1, 2, 3, 4), Int32Array.of(1, 3, 4, 2)), 3);
  assert.equal(lcsLength(Int32Array.of(), Int32Array.of(1)), 0);
  assert.equal(rougeL(Int32Array.of(1, 2, 3), Int32Array.of(3, 2, 1)), (2 * 1) / 6);
});

test("content words ignore stop words and inflection", () => {
  const intern = new Map<string, number>();
  const a = profile("The cats were running home", intern);
  const b = profile("A cat runs home", intern);
  assert.equal(dice(a.content, b.content), 1);
  assert.ok(rougeL(a.sequence, b.sequence) < 1);
});

test("a text of stop words only is compared on its stop words", () => {
  const intern = new Map<string, number>();
  assert.equal(dice(profile("it is", intern).content, profile("it is", intern).content), 1);
  assert.equal(dice(profile("it is", intern).content, profile("was it", intern).content), 0.5);
});

test("weighted F1 lets rare shared words count more than common ones", () => {
  const intern = new Map<string, number>();
  const weight = (t: string) => (t === "zanzibar" ? 10 : 1);
  const base = profile("trip to zanzibar today", intern, weight);
  const sharesRare = profile("zanzibar visit tomorrow", intern, weight);
  const sharesCommon = profile("trip planned tomorrow", intern, weight);
  assert.equal(dice(base.content, sharesRare.content), dice(base.content, sharesCommon.content));
  assert.ok(weightedDice(base, sharesRare) > weightedDice(base, sharesCommon));
  assert.equal(weightedDice(base, base), 1);
});

test("character n-grams see through typos", () => {
  const intern = new Map<string, number>();
  const gram = (s: string) => Int32Array.from(charGrams(s).map((g) => intern.get(g) ?? intern.set(g, intern.size).get(g)!)).sort();
  assert.ok(dice(gram("shreded cheese"), gram("shredded cheese")) > 0.8);
  assert.deepEqual(charGrams("Ab, c"), [" ab", "ab ", "b c", " c "]);
});

test("a profile's n-grams are made when first asked for, as charGrams makes them", () => {
  const intern = new Map<string, number>();
  const p = profile("Shreded cheese, 2 kg", intern);
  const q = profile("shredded cheese 2kg", intern);
  const stems = intern.size;
  const grams = p.grams();
  assert.ok(intern.size > stems, "the n-grams are interned on first use, not with the words");
  assert.equal(p.grams(), grams);
  assert.deepEqual(
    [...grams],
    charGrams("Shreded cheese, 2 kg")
      .map((g) => intern.get(g)!)
      .sort((x, y) => x - y),
  );
  assert.ok(dice(grams, q.grams()) > 0.7);
});
