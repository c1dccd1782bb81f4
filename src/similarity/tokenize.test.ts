import assert from "node:assert/strict";
import { test } from "node:test";
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { asciiTokens, normalizeText, patternTokens, tokenize } from "./tokenize.js";

test("lowercases, drops punctuation, keeps hyphenated words whole", () => {
  assert.deepEqual(tokenize("The well-known Cat sat (quietly)!"), ["the", "well-known", "cat", "sat", "quietly"]);
});

test("expands n't and other contractions to words; drops 's", () => {
  assert.deepEqual(tokenize("I don't know, it's John's."), ["i", "do", "not", "know", "it", "john"]);
  assert.deepEqual(tokenize("We can't and won't; they're sure we'll've"), ["we", "can", "not", "and", "will", "not", "they", "are", "sure", "we", "will", "have"]);
  assert.deepEqual(tokenize("I'm sure you'd agree"), ["i", "am", "sure", "you", "would", "agree"]);
});

test("folds curly apostrophes and quotes before expanding", () => {
  assert.deepEqual(tokenize("It doesn\u2019t \u201cwork\u201d"), ["it", "does", "not", "work"]);
});

test("keeps numbers, removing thousands separators; % reads as percent", () => {
  assert.deepEqual(tokenize("It cost $1,000.50 in 1998, up 25%."), ["it", "cost", "1000.50", "in", "1998", "up", "25", "percent"]);
  assert.deepEqual(tokenize("mid-1990s mp3 h1n1"), ["mid-1990s", "mp3", "h1n1"]);
});

test("joins dotted acronyms and strips accents", () => {
  assert.deepEqual(tokenize("The U.S. café"), ["the", "us", "cafe"]);
  assert.equal(normalizeText("Crème BRÛLÉE"), "creme brulee");
});

test("plural possessive and stray apostrophes", () => {
  assert.deepEqual(tokenize("the players' rock'n'roll at 5 o'clock"), ["the", "players", "rock", "n", "roll", "at", "5", "o", "clock"]);
});

test("empty and punctuation-only texts have no tokens", () => {
  assert.deepEqual(tokenize(""), []);
  assert.deepEqual(tokenize(" ... -- !? "), []);
});

test("stemmer folds inflections of one word together", () => {
  for (const group of [
    ["run", "runs", "running"],
    ["play", "plays", "played", "playing"],
    ["city", "cities"],
    ["take", "taking"],
    ["box", "boxes"],
  ]) {
    assert.equal(new Set(group.map(stem)).size, 1, group.join(","));
  }
  assert.notEqual(stem("glass"), stem("glad"));
  assert.equal(stem("1998"), "1998");
});

test("stop words exclude negations", () => {
  assert.ok(isStopWord("the") && isStopWord("would"));
  for (const w of ["not", "no", "never", "nor", "paris"]) assert.ok(!isStopWord(w), w);
});

test("the ASCII scan gives the Unicode pattern's tokens (fuzzed with a fixed seed)", () => {
  const alphabet = ["a", "b", "Z", "1", "2", "0", ".", ",", "-", "'", "%", " ", "_", "!", "\t"];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 20_000; k++) {
    let s = "";
    for (let i = Math.floor(next() * 14); i >= 0; i--) s += alphabet[Math.floor(next() * alphabet.length)];
    assert.deepEqual(asciiTokens(s), patternTokens(s), JSON.stringify(s));
  }
  for (const s of ["1,000abc 3.14x 2.5.6 1,2,3a", "well-known -x- a--b o'neil cats' 100% 12ab-3"]) assert.deepEqual(asciiTokens(s), patternTokens(s));
});
