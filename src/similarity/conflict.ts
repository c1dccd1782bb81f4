/**
 * Contradiction signals that word overlap and embeddings miss: "Yes, MSG is harmful" and "No, MSG is not
 * harmful" share nearly every word. A pair conflicts when, on a shared frame, the two texts
 *  - differ in polarity: one is negated (not, never, no, n't…) or starts with "yes" and the other with "no";
 *  - put different numbers in the same slot ("played 42 games" / "played 28 games", "September 13" /
 *    "September 21"), or give different bare numbers as the whole answer ("1990" / "1992");
 *  - put different names in the same slot ("EC Graz finished first" / "VEU Feldkirch finished first"),
 *    or give different bare names as the whole answer ("Paris" / "Lyon").
 * A slot is shared when the value's neighbouring content word (before or after it) is the same in both
 * texts. Rule-based and offline; it finds contradictions about facts, not about reasoning.
 */
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { normalizeText, tokenize } from "./tokenize.js";
import type { PairConflict } from "./types.js";

/** A contradiction found by these rules: what the first text says (e.g. "42", "not", "EC Graz") and what the second says instead. */
export type Conflict = PairConflict & { kind: "polarity" | "number" | "name"; a: string; b: string };

/** A value (number or name) with the content words on either side of it. */
interface Slot {
  value: string;
  shown: string;
  before?: string;
  after?: string;
}

interface Facts {
  negated: boolean;
  answer?: "yes" | "no";
  content: Set<string>;
  numbers: Slot[];
  names: Slot[];
  /** Content words that are neither numbers nor names: an answer with none is a bare value. */
  frameWords: number;
}

const NEGATION = new Set(["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot", "without", "nowhere"]);
const NUMBER = /^\p{N}+(?:\.\p{N}+)?$/u;
/** A capitalised word in the original text (its first letter upper case, not all of a long word lower). */
const CAPITALISED = /^\p{Lu}/u;
const WORD = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;

/** What a text asserts, for conflict checks. */
export function facts(text: string): Facts {
  const tokens = tokenize(text);
  const stems = tokens.map((t) => (isStopWord(t) && !NEGATION.has(t) ? "" : stem(t)));
  const capitalised = capitalisedWords(text);
  const content = new Set(stems.filter((s, i) => s && !NEGATION.has(tokens[i]!)));
  const neighbour = (from: number, step: number) => {
    for (let i = from + step; i >= 0 && i < tokens.length; i += step) {
      if (NUMBER.test(tokens[i]!)) continue;
      if (stems[i] && !NEGATION.has(tokens[i]!) && !capitalised.has(tokens[i]!)) return stems[i];
      if (stems[i]) return undefined;
    }
    return undefined;
  };
  const numbers: Slot[] = [];
  const names: Slot[] = [];
  let frameWords = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (NUMBER.test(token)) {
      numbers.push({ value: token, shown: token, before: neighbour(i, -1), after: neighbour(i, 1) });
    } else if (capitalised.has(token) && !isStopWord(token)) {
      let j = i;
      while (j + 1 < tokens.length && capitalised.has(tokens[j + 1]!) && !isStopWord(tokens[j + 1]!)) j++;
      const shown = tokens.slice(i, j + 1).map((t) => capitalised.get(t) ?? t).join(" ");
      names.push({ value: tokens.slice(i, j + 1).map(stem).join(" "), shown, before: neighbour(i, -1), after: neighbour(j, 1) });
      i = j;
    } else if (stems[i] && !NEGATION.has(token)) frameWords++;
  }
  const first = tokens[0];
  return {
    negated: tokens.some((t, i) => NEGATION.has(t) && !(i === 0 && t === "no" && tokens.length > 1 && isAnswerWord(text))),
    answer: first === "yes" || first === "yeah" ? "yes" : first === "no" && isAnswerWord(text) ? "no" : undefined,
    content,
    numbers,
    names,
    frameWords,
  };
}

/** The contradictions between two texts (empty when none is found). */
export function conflicts(a: string | Facts, b: string | Facts): Conflict[] {
  const p = typeof a === "string" ? facts(a) : a;
  const q = typeof b === "string" ? facts(b) : b;
  const found: Conflict[] = [];
  if (p.answer && q.answer && p.answer !== q.answer) found.push({ kind: "polarity", a: p.answer, b: q.answer });
  else if (p.negated !== q.negated && shareFrame(p, q)) found.push({ kind: "polarity", a: p.negated ? "not" : "(affirmed)", b: q.negated ? "not" : "(affirmed)" });
  const number = slotConflict(p.numbers, q.numbers, p, q);
  if (number) found.push({ kind: "number", ...number });
  const name = slotConflict(p.names, q.names, p, q);
  if (name) found.push({ kind: "name", ...name });
  return found;
}

/** A value of one text whose slot the other fills with a value of its own; bare answers are one slot. */
function slotConflict(x: Slot[], y: Slot[], p: Facts, q: Facts): { a: string; b: string } | undefined {
  const xs = x.filter((s) => !y.some((t) => t.value === s.value));
  const ys = y.filter((t) => !x.some((s) => s.value === t.value));
  if (xs.length === 0 || ys.length === 0) return undefined;
  if (p.frameWords === 0 && q.frameWords === 0) return { a: xs[0]!.shown, b: ys[0]!.shown };
  for (const s of xs) {
    for (const t of ys) {
      if ((s.before && s.before === t.before) || (s.after && s.after === t.after)) return { a: s.shown, b: t.shown };
    }
  }
  return undefined;
}

/** Enough shared content for a negation to flip the same statement (not two statements about different things). */
function shareFrame(p: Facts, q: Facts): boolean {
  if (p.content.size === 0 || q.content.size === 0) return false;
  let shared = 0;
  for (const word of p.content) if (q.content.has(word)) shared++;
  return shared / Math.min(p.content.size, q.content.size) >= 0.6;
}

/** "No." / "No, …" as an answer, not "No one knows" / "No evidence shows…". */
function isAnswerWord(text: string): boolean {
  return /^\s*no\s*(?:[.,;:!—–-]|$)/i.test(text);
}

/**
 * Capitalised words that are names: capitalised inside a sentence, or at a sentence's start when the
 * next word is capitalised too ("EC Graz finished…", "New York is…") or the text is a short bare answer
 * ("Paris."). A lone sentence-initial word ("Water boils…") is taken for an ordinary word.
 */
function capitalisedWords(text: string): Map<string, string> {
  const words = [...text.matchAll(WORD)].map((m) => ({
    word: m[0],
    lower: normalizeText(m[0]),
    capital: CAPITALISED.test(m[0]),
    start: m.index === 0 || /[.!?:]\s*$|^\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index)),
  }));
  const short = words.length <= 4;
  const out = new Map<string, string>();
  words.forEach((w, i) => {
    if (!w.capital || NUMBER.test(w.lower) || isStopWord(w.lower)) return;
    if (!w.start || short || (words[i + 1]?.capital && !words[i + 1]!.start)) out.set(w.lower, w.word);
  });
  return out;
}

/** Conflicts between every pair of texts: a symmetric matrix, undefined where none is found (a, b read row → column). */
export function conflictMatrix(texts: string[]): (Conflict | undefined)[][] {
  const all = texts.map(facts);
  return texts.map((_, i) => texts.map((_, j) => (i === j ? undefined : conflicts(all[i]!, all[j]!)[0])));
}
