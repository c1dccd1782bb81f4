/**
 * Answer-focused comparison: what an answer says beyond the question it answers.
 *
 * Answers restate their question ("The ruler of England in 1616 was King James I."), so word overlap and
 * embeddings see mostly the question in them. An answer's *core* is its content words (stemmed, stop
 * words and negations out) minus those of the question and of the prompt it answered, once boilerplate
 * and refusal sentences are set aside (non-answer.ts), and hedges and attributions too (FRAME). Two
 * answers agree by weighted containment: the share of the smaller core's weight found in the other
 * answer, so a short answer contained in a long one agrees with it ("King James I." / "James I was
 * sitting on England's throne in 1616").
 */
import { facts } from "./conflict.js";
import { stem } from "./stem.js";
import { answerSentencesOf, contentStemsOf, isYesNoQuestion, nonAnswerKind, type NonAnswerKind } from "./non-answer.js";

/**
 * Words that frame an answer rather than say it: hedges, attributions and talk about the question
 * ("According to public records, it is believed that…"). They are left out of cores.
 */
const FRAME = new Set(
  (
    "however according accordingly believe believed thought known considered generally typically usually often commonly " +
    "also actually specifically exactly approximately probably likely possibly perhaps may might could would must " +
    "answer question correct incorrect proper right true false exact specific record records information source sources official public " +
    "called named refer refers referred referring term terms phrase say said tell suggest suggests indicate indicates note noted " +
    "based available current currently latest update updated knowledge cutoff data time please"
  )
    .split(" ")
    .map(stem),
);

/** What the comparison needs to know about each text: the question, and the prompt each text answered. */
export interface FocusContext {
  question?: string;
  /** Per text, the prompt it answered (a probe), when not the question itself. */
  prompts?: (string | undefined)[];
}

export interface Focused {
  /** Content stems beyond the question and the prompt, with their weights. */
  core: Map<string, number>;
  /** Sum of the core's weights. */
  weight: number;
  /** Every content stem of the answer's answering sentences, its question's and prompt's words included. */
  words: Set<string>;
  nonAnswer?: NonAnswerKind;
}

/** A word's weight in a core: rarer words count more (1 when no weighting is given). */
export type WordWeight = (stemmed: string) => number;

/** How much yes or no weighs in the core of an answer to a yes/no question (a content word weighs 1). */
const POLARITY_WEIGHT = 2;

/** "yes" or "no" as a core entry: the answer word, else whether a statement is negated. */
function polarity(text: string): string {
  const f = facts(text);
  const negated = f.answer ? f.answer === "no" : f.clauses.some((c) => c.negated);
  return negated ? "(no)" : "(yes)";
}

/** The stems a question (or prompt) gives away. */
export function givenStems(...texts: (string | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) if (text) for (const w of contentStemsOf(text)) out.add(w);
  return out;
}

/** Each text's core and non-answer kind, relative to its question and prompt. */
export function focusTexts(texts: string[], context: FocusContext, weightOf: WordWeight = () => 1): Focused[] {
  const question = givenStems(context.question);
  const askedYesNo = context.question ? isYesNoQuestion(context.question) : false;
  return texts.map((text, i) => {
    const prompt = context.prompts?.[i];
    const given = prompt ? new Set([...question, ...givenStems(prompt)]) : question;
    const split = answerSentencesOf(text);
    const nonAnswer = nonAnswerKind(split, given, askedYesNo || (prompt ? isYesNoQuestion(prompt) : false));
    const core = new Map<string, number>();
    const words = new Set<string>();
    const { kept } = split;
    for (const sentence of kept) {
      for (const w of contentStemsOf(sentence)) {
        words.add(w);
        if (!given.has(w) && !FRAME.has(w) && !core.has(w)) core.set(w, weightOf(w));
      }
    }
    // To a yes/no question, yes or no is the answer's key fact.
    if (askedYesNo && !nonAnswer) {
      const side = polarity(kept.join(" "));
      core.set(side, POLARITY_WEIGHT);
      words.add(side);
    }
    let weight = 0;
    for (const w of core.values()) weight += w;
    return { core, weight, words, ...(nonAnswer ? { nonAnswer } : {}) };
  });
}

/**
 * How far two answers agree on what they say beyond the question, 0..1: the weight of the smaller core
 * found in the other answer (anywhere in it: a word its own prompt gave it still counts), over the
 * smaller core's weight. Undefined when either core is empty (nothing beyond the question to compare).
 */
export function coreAgreement(a: Focused, b: Focused): number | undefined {
  if (a.weight === 0 || b.weight === 0) return undefined;
  const [small, large] = a.weight <= b.weight ? [a, b] : [b, a];
  let shared = 0;
  for (const [w, weight] of small.core) if (large.words.has(w)) shared += weight;
  return shared / small.weight;
}
