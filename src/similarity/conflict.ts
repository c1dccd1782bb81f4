/**
 * Contradiction signals that word overlap and embeddings miss: "Yes, MSG is harmful" and "No, MSG is not
 * harmful" share nearly every word. A pair conflicts when
 *  - one answers "yes" and the other "no", or a clause of one is negated (not, no, never, nothing…) where
 *    a clause of the other saying much the same thing is not ("MSG is harmful" / "MSG isn't harmful");
 *  - they put different numbers in the same slot ("played 42 games" / "played 28 games", "September 13" /
 *    "September 21"), or give different bare numbers as the whole answer ("1990" / "1992");
 *  - they put different names in the same slot ("EC Graz finished first" / "VEU Feldkirch finished first"),
 *    or give different bare names as the whole answer ("Paris" / "Lyon").
 * A slot is shared when the value's neighbouring content word (before or after it, within its clause) is
 * the same in both. What is not a conflict: a number and its rounding (3.14 / 3.14159, 2 / 2.1 million),
 * hedged numbers ("about 2 million"), the same quantity in other units (100 °C / 212 °F), a name and a
 * shorter form of it ("Thomas Edison" / "Edison", "Paris, France" / "Paris"), a negation in another
 * clause ("Paris is the capital. It is not the largest city."). Rule-based and offline: it finds
 * contradictions about facts, not about reasoning; measured in docs/ACCURACY.md.
 */
import { splitSentences } from "./sentences.js";
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { ASCII, endOfAlnum, endOfDigits, isAlnum, isDigit, normalizeText, tokenizeText, tokensOf } from "./tokenize.js";
import type { PairConflict } from "./types.js";
import { memoize } from "./memo.js";
import { warmUp } from "./warm-up.js";

/** A contradiction found by these rules: what the first text says (e.g. "42", "not", "EC Graz") and what the second says instead. */
export type Conflict = PairConflict & { kind: "polarity" | "number" | "name"; a: string; b: string };

/** A value (number or name) with the content words around it in its clause. */
interface Slot {
  value: string;
  shown: string;
  /** Name: its word stems (a name is compatible with another holding all of its words). Number: its value. */
  words?: Set<string>;
  number?: number;
  decimals?: number;
  before?: string;
  after?: string;
  /** The content word after `after` (tells "100 degrees Celsius" from "212 degrees Fahrenheit"). */
  after2?: string;
}

interface Clause {
  negated: boolean;
  content: Set<string>;
}

export interface Facts {
  answer?: "yes" | "no";
  clauses: Clause[];
  numbers: Slot[];
  names: Slot[];
  /** Content words that are neither numbers nor names: an answer with none is a bare value. */
  frameWords: number;
}

const NEGATION = new Set(["not", "no", "never", "cannot", "nobody", "nothing", "none", "neither", "nor", "nowhere"]);
const HEDGES = new Set([
  "about",
  "around",
  "approximately",
  "roughly",
  "nearly",
  "almost",
  "over",
  "under",
  "more",
  "less",
  "fewer",
  "some",
  "estimated",
  "circa",
  "approx",
  "approx.",
  "up",
  "least",
  "most",
  "than",
]);
/** Words that are not names even when capitalised at the start of a short answer. */
const NOT_NAMES = new Set([
  "yes",
  "yeah",
  "yep",
  "no",
  "nope",
  "true",
  "false",
  "correct",
  "incorrect",
  "right",
  "wrong",
  "absolutely",
  "definitely",
  "certainly",
  "sure",
  "indeed",
  "probably",
  "maybe",
  "perhaps",
  "possibly",
  "likely",
  "unlikely",
  "none",
  "nothing",
  "unknown",
  "answer",
  "note",
  "however",
  "also",
  "generally",
  "typically",
  "usually",
  "actually",
  "overall",
  "today",
  "celsius",
  "fahrenheit",
  "kelvin",
]);
const UNITS = new Set(
  [
    "celsius",
    "fahrenheit",
    "kelvin",
    "c",
    "f",
    "k",
    "km",
    "kilometer",
    "kilometre",
    "mile",
    "mi",
    "m",
    "meter",
    "metre",
    "feet",
    "foot",
    "ft",
    "inch",
    "cm",
    "mm",
    "kg",
    "kilogram",
    "pound",
    "lb",
    "lbs",
    "g",
    "gram",
    "ounce",
    "oz",
    "liter",
    "litre",
    "gallon",
    "usd",
    "eur",
    "gbp",
    "dollar",
    "euro",
    "mph",
    "kmh",
    "percent",
    "hour",
    "minute",
    "second",
    "day",
    "week",
    "month",
    "year",
    "degree",
  ].map(stem),
);
const NUMBER = /^\p{N}+(?:\.\p{N}+)?$/u;
const WORD = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
/** Where a negation's scope ends: clause breaks and contrastive conjunctions. */
const CLAUSE_BREAK = /[;:]|,?\s+(?:but|however|although|though|whereas|yet)\s+|,\s*(?:while|and)\s+/i;
/** Where a run of capitalised words or a slot's context ends. */
const SEGMENT_BREAK = /[,;:()[\]"“”]|\s[-–—]\s/;

/** What a text asserts, for conflict checks. */
export const facts: (text: string) => Facts = memoize(factsOf, 256);

/** The facts of a text (shared by every caller: read them, never change them). */
function factsOf(text: string): Facts {
  const out: Facts = { clauses: [], numbers: [], names: [], frameWords: 0 };
  const first = tokensOf(text)[0];
  if (first === "yes" || first === "yeah") out.answer = "yes";
  else if (first === "no" && isAnswerWord(text)) out.answer = "no";
  const sentences = splitSentences(text);
  const short = sentences.length === 1 && wordsIn(sentences[0]!).length <= 4;
  sentences.forEach((sentence, s) => {
    const capitalised = nameWords(sentence, short);
    for (const clause of sentence.split(CLAUSE_BREAK)) {
      const tokens = clause === sentence ? tokensOf(clause) : tokenizeText(clause);
      const skipAnswerWord = s === 0 && out.answer === "no" && tokens[0] === "no" && out.clauses.length === 0;
      let negated = false;
      const content = new Set<string>();
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (NEGATION.has(t)) negated ||= !(i === 0 && skipAnswerWord);
        else if (!isStopWord(t)) content.add(stem(t));
      }
      out.clauses.push({ negated, content });
    }
    for (const segment of sentence.split(SEGMENT_BREAK)) addValues(out, segment === sentence ? tokensOf(segment) : tokenizeText(segment), capitalised);
  });
  return out;
}

/** The numbers and names of one segment, with their slots; counts the frame words. */
function addValues(out: Facts, tokens: readonly string[], capitalised: Map<string, string>): void {
  const n = tokens.length;
  const number: boolean[] = new Array(n);
  const content: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    number[i] = NUMBER.test(t);
    content[i] = !isStopWord(t) && !NEGATION.has(t) && !number[i] && !capitalised.has(t);
  }
  const neighbour = (from: number, step: number, skip = 0): string | undefined => {
    for (let i = from + step; i >= 0 && i < n; i += step) {
      if (number[i]) continue;
      // A name next to a value is context too ("September 13" / "September 21").
      if ((content[i] || capitalised.has(tokens[i]!)) && skip-- === 0) return stem(tokens[i]!);
    }
    return undefined;
  };
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    if (number[i]) {
      if ((i >= 1 && HEDGES.has(tokens[i - 1]!)) || (i >= 2 && HEDGES.has(tokens[i - 2]!))) continue;
      const dot = token.indexOf(".");
      out.numbers.push({
        value: token,
        shown: token,
        number: Number(token),
        decimals: dot < 0 ? 0 : token.length - dot - 1,
        before: neighbour(i, -1),
        after: neighbour(i, 1),
        after2: neighbour(i, 1, 1),
      });
    } else if (capitalised.has(token)) {
      // A run of name words: their stems (the value, and as a set) and the words as written.
      let value = stem(token);
      let shown = capitalised.get(token) ?? token;
      const words = new Set([value]);
      let j = i;
      while (j + 1 < n && capitalised.has(tokens[j + 1]!)) {
        const next = tokens[++j]!;
        const stemmed = stem(next);
        value += ` ${stemmed}`;
        shown += ` ${capitalised.get(next) ?? next}`;
        words.add(stemmed);
      }
      out.names.push({ value, shown, words, before: neighbour(i, -1), after: neighbour(j, 1) });
      i = j;
    } else if (content[i]) out.frameWords++;
  }
}

/**
 * The contradictions between two texts (empty when none is found). Names and numbers that the question
 * already holds (`given`: its word stems) fill no answer slot: "Veronica" and "English" in answers to
 * "What is the meaning of Veronica in English?" are not what the answers disagree about.
 */
export function conflicts(a: string | Facts, b: string | Facts, given?: ReadonlySet<string>): Conflict[] {
  const p = withoutGiven(typeof a === "string" ? facts(a) : a, given);
  const q = withoutGiven(typeof b === "string" ? facts(b) : b, given);
  const found: Conflict[] = [];
  if (p.answer && q.answer && p.answer !== q.answer) found.push({ kind: "polarity", a: p.answer, b: q.answer });
  else {
    const flipped = flippedClause(p, q);
    if (flipped) found.push({ kind: "polarity", ...flipped });
  }
  const number = slotConflict(p.numbers, q.numbers, p, q, sameNumber);
  if (number) found.push({ kind: "number", ...number });
  const name = slotConflict(p.names, q.names, p, q, sameName);
  if (name) found.push({ kind: "name", ...name });
  return found;
}

/** The facts of a text less the names and numbers the question holds (what `conflicts` compares with `given`). */
export function factsBeyond(text: string, given?: ReadonlySet<string>): Facts {
  return withoutGiven(facts(text), given);
}

function withoutGiven(f: Facts, given: ReadonlySet<string> | undefined): Facts {
  if (!given || given.size === 0) return f;
  const names = f.names.filter((s) => ![...s.words!].every((w) => given.has(w)));
  const numbers = f.numbers.filter((s) => !given.has(s.value));
  return names.length === f.names.length && numbers.length === f.numbers.length ? f : { ...f, names, numbers };
}

/** A clause of one text negated where a clause of the other saying much the same is not. */
function flippedClause(p: Facts, q: Facts): { a: string; b: string } | undefined {
  for (const c of p.clauses) {
    for (const d of q.clauses) {
      if (c.negated !== d.negated && dice(c.content, d.content) >= 0.6) return { a: c.negated ? "denies" : "affirms", b: d.negated ? "denies" : "affirms" };
    }
  }
  return undefined;
}

function dice(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/** Equal, or one is the other rounded (3.14 / 3.14159, 2 / 2.1). */
function sameNumber(s: Slot, t: Slot): boolean {
  if (s.value === t.value) return true;
  const coarse = Math.min(s.decimals!, t.decimals!);
  const round = (x: number) => Math.round(x * 10 ** coarse) / 10 ** coarse;
  return round(s.number!) === round(t.number!) && Math.abs(s.number! - t.number!) < 1;
}

/**
 * The same name, one holding all the words of the other ("Edison" / "Thomas Edison"), or the same last
 * name after first names with the same initial ("David Gahan" / "Dave Gahan"), or an acronym of it.
 */
function sameName(s: Slot, t: Slot): boolean {
  const small = s.words!.size <= t.words!.size ? s.words! : t.words!;
  const large = small === s.words ? t.words! : s.words!;
  let contained = true;
  for (const w of small) if (!large.has(w)) contained = false;
  if (contained) return true;
  const [x, y] = [s.value.split(" "), t.value.split(" ")];
  // An acronym of the other ("UK" / "United Kingdom").
  const initials = (words: string[]) => words.map((w) => w[0]).join("");
  if ((x.length === 1 && y.length >= 2 && x[0] === initials(y)) || (y.length === 1 && x.length >= 2 && y[0] === initials(x))) return true;
  return x.length >= 2 && y.length >= 2 && x.at(-1) === y.at(-1) && x[0]![0] === y[0]![0];
}

/** A value of one text whose slot the other fills with a value of its own; bare answers are one slot. */
function slotConflict(x: Slot[], y: Slot[], p: Facts, q: Facts, same: (s: Slot, t: Slot) => boolean): { a: string; b: string } | undefined {
  if (x.length === 0 || y.length === 0) return undefined;
  const xs = x.filter((s) => !y.some((t) => same(s, t)));
  const ys = y.filter((t) => !x.some((s) => same(s, t)));
  if (xs.length === 0 || ys.length === 0) return undefined;
  if (p.frameWords === 0 && q.frameWords === 0) return { a: xs[0]!.shown, b: ys[0]!.shown };
  for (const s of xs) {
    for (const t of ys) {
      if (otherUnits(s, t)) continue; // the same quantity in other units, perhaps
      if ((s.before && s.before === t.before) || (s.after && s.after === t.after)) return { a: s.shown, b: t.shown };
    }
  }
  return undefined;
}

/** Each number is followed by a unit the other lacks ("100 degrees Celsius" / "212 degrees Fahrenheit"). */
function otherUnits(s: Slot, t: Slot): boolean {
  const units = (slot: Slot) => [slot.after, slot.after2].filter((w): w is string => w !== undefined && UNITS.has(w));
  const [u, v] = [units(s), units(t)];
  return u.some((w) => !v.includes(w)) && v.some((w) => !u.includes(w));
}

/** "No." / "No, …" as an answer, not "No one knows" / "No evidence shows…". */
function isAnswerWord(text: string): boolean {
  return /^\s*no\s*(?:[.,;:!—–-]|$)/i.test(text);
}

/**
 * The words of a sentence that are names (lower-cased token → as written): capitalised inside the
 * sentence, or at its start when the next word is capitalised too ("EC Graz finished…", "New York is…")
 * or the whole text is a short bare answer ("Paris."). A lone sentence-initial word ("Water boils…") is
 * taken for an ordinary word, and so are answer words ("Yes", "Definitely").
 */
function nameWords(sentence: string, short: boolean): Map<string, string> {
  const words = wordsIn(sentence);
  const capital: boolean[] = [];
  for (const w of words) {
    const c = w.charCodeAt(0);
    capital.push(c < 128 ? c >= 65 && c <= 90 : CAPITAL.test(w));
  }
  const lower = (i: number) => normalizeText(words[i]!).replace(/'s$/, "");
  const out = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    if (!capital[i]) continue;
    const l = lower(i);
    if (NUMBER.test(l) || isStopWord(l) || NOT_NAMES.has(l)) continue;
    if (i > 0 || short || (capital[i + 1] && !NOT_NAMES.has(lower(i + 1)))) out.set(l, words[i]!.replace(/['’]s$/i, ""));
  }
  return out;
}

const CAPITAL = /^\p{Lu}/u;

/** The WORD matches of a text (for ASCII, by a scan that finds the same ones). */
export function wordsIn(text: string): string[] {
  if (!ASCII.test(text)) return Array.from(text.matchAll(WORD), (m) => m[0]);
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (!isAlnum(c)) {
      i++;
      continue;
    }
    let j: number;
    if (isDigit(c)) {
      // Digits, with groups of `.` or `,` and digits.
      j = endOfDigits(text, i);
      while (j + 1 < text.length && (text.charCodeAt(j) === 46 || text.charCodeAt(j) === 44) && isDigit(text.charCodeAt(j + 1))) j = endOfDigits(text, j + 1);
    } else {
      // Letters and digits, joined by single `-` or `'`.
      j = endOfAlnum(text, i);
      while (j + 1 < text.length && (text.charCodeAt(j) === 45 || text.charCodeAt(j) === 39) && isAlnum(text.charCodeAt(j + 1))) j = endOfAlnum(text, j + 1);
    }
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/** Conflicts between every pair of texts: a symmetric matrix, undefined where none is found (a, b read row → column). */
export function conflictMatrix(texts: string[], given?: ReadonlySet<string>): (Conflict | undefined)[][] {
  const all = texts.map((t) => withoutGiven(facts(t), given));
  const matrix = texts.map(() => new Array<Conflict | undefined>(texts.length).fill(undefined));
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const found = conflicts(all[i]!, all[j]!)[0];
      if (!found) continue;
      matrix[i]![j] = found;
      matrix[j]![i] = { ...found, a: found.b, b: found.a }; // each pair checked once; the mirror reads the other way
    }
  }
  return matrix;
}

warmUp(wordsIn);
