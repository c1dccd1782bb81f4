/**
 * Non-answers: texts that answer nothing. A refusal ("As an AI language model, I cannot…", "I have no
 * comment"), a statement that the answer is unknown ("It is unclear…", "I don't know", "Could you
 * clarify…"), or, for a wh-question, a restatement that adds nothing to it. They are neither agreement nor
 * disagreement, so the scores leave them apart (core/agreement.ts).
 *
 * A text is a non-answer when, once its boilerplate ("As an AI language model, …") and its sentences that
 * refuse or plead ignorance are set aside, nothing is left that says something: no content word beyond
 * the question and the prompt it answered, no yes/no, no negation. "As an AI, I have no personal beliefs.
 * The minimum age is 18." is an answer; "I'm sorry, I cannot answer that without more context." is not.
 */
import { splitSentences } from "./sentences.js";
import { stem } from "./stem.js";
import { isStopWord } from "./stopwords.js";
import { tokensOf, wordsOf } from "./tokenize.js";
import { memoize } from "./memo.js";

export type NonAnswerKind = "refusal" | "unknown" | "restatement";

/** "As an AI language model, " and its kin at the start of a sentence: never part of the answer. */
const BOILERPLATE = /^\s*as an? (?:ai|artificial intelligence)\b(?:[\s-]*(?:based|powered|language|model|assistant|chatbot|text-based|program))*\s*,?\s*/i;

const REFUSAL = [
  /\b(?:i am|i'm|i’m) (?:sorry|afraid|unable|not able)\b/i,
  /\bi (?:cannot|can ?not|can't|can’t|won't|am unable to|am not able to|do not|don't|don’t) (?:\w+ly )?(?:provide|answer|determine|tell|confirm|verify|predict|browse|give|offer|comment|speculate|know for (?:sure|certain)|be (?:sure|certain))\b/i,
  /\bi (?:do not|don't|don’t) have (?:access to|the ability|real-time|up-to-date|current|enough|sufficient|specific|the (?:information|data|context|details))\b/i,
  /\bi (?:do not|don't|don’t) have (?:personal|any) (?:opinions?|beliefs?|views|preferences|feelings|information|data)\b/i,
  /\b(?:i have )?no comment\b/i,
  // Deflections: go and look it up.
  /\b(?:can be found|find (?:it|this|that|out)|look (?:it |this )?up)\b[^.]*\b(?:search(?:ing)?|check(?:ing)?|consult(?:ing)?)\b/i,
  /\b(?:it is|it's|it’s) (?:recommended|best|advisable|advised|always (?:best|a good idea)) to (?:check|consult|verify|contact|research|look up|refer)\b/i,
  /\b(?:please |you (?:may|might|should|can) (?:want to )?)?(?:check|consult|contact|refer to) (?:with )?(?:your |the )?(?:local|official|relevant|appropriate) (?:authorities|laws|sources|websites?|regulations)\b/i,
];

const UNKNOWN = [
  /\bi (?:do not|don't|don’t) know\b/i,
  /\b(?:i am|i'm|i’m) not (?:sure|certain|aware)\b/i,
  /\b(?:it is|it's|it’s|this is|that is|remains|is still|are still) (?:unclear|not clear|unknown|not known|uncertain|a mystery|impossible to (?:say|know|tell|determine))\b/i,
  /\b(?:no one|nobody) (?:knows|can say|can tell)\b/i,
  /\b(?:(?:is|are|was|were) not|has not been|have not been) (?:specified|mentioned|stated|given|provided|disclosed|documented|recorded|known)\b/i,
  /\bthere (?:is|are) no (?:way to (?:know|tell|determine)|(?:reliable|definitive|clear|known) (?:information|answer|data))\b/i,
  /\b(?:not enough|insufficient) (?:information|context|details|data)\b/i,
  /\b(?:could|can) you (?:please )?(?:clarify|provide|specify|be more specific|give more)\b/i,
  /\bplease (?:clarify|specify|provide (?:a |the |some )?(?:more|additional|further|specific|exact))\b/i,
  /\b(?:without|need|needs|requires?) (?:more|additional|further) (?:context|information|details)\b/i,
];

/** Each list as one pattern (one scan of a sentence instead of one per pattern; it matches where one of them does). */
const anyOf = (patterns: RegExp[]) => new RegExp(patterns.map((re) => `(?:${re.source})`).join("|"), "i");
const ANY_REFUSAL = anyOf(REFUSAL);
const ANY_UNKNOWN = anyOf(UNKNOWN);

const NEGATION = new Set(["not", "no", "never", "cannot", "nobody", "nothing", "none", "neither", "nor", "nowhere"]);

/** Word stems of a text that carry content (stop words and negations out), shared: read them, never change them. */
export const contentStemsOf: (text: string) => readonly string[] = memoize(stemsOf, 1024);

/** Word stems of a text that carry content (stop words and negations out). */
export function contentStems(text: string): string[] {
  return contentStemsOf(text).slice();
}

function stemsOf(text: string): string[] {
  const out: string[] = [];
  for (const t of wordsOf(text)) if (!isStopWord(t) && !NEGATION.has(t)) out.push(stem(t));
  return out;
}

/**
 * "Is…", "Did…", "Can…": a question answered by yes or no, where restating it is an answer; not an
 * indirect wh-question ("Can you tell me who…", "Do you know where…").
 */
export function isYesNoQuestion(question: string): boolean {
  return (
    /^\s*(?:is|are|was|were|am|do|does|did|can|could|will|would|should|shall|has|have|had|may|might|must)\b/i.test(question) &&
    !/^\s*(?:can|could|would|will|do|did)\s+(?:you|anyone|someone|we)\s+(?:please\s+)?(?:tell|know|say|name|explain|list|identify|share|recall|find|give)\b/i.test(question)
  );
}

/** The sentences of a text that may carry its answer: boilerplate, refusals, deflections and pleas of ignorance set aside. */
export interface AnswerSentences {
  kept: string[];
  refusal: boolean;
  unknown: boolean;
}

export function answerSentences(text: string): AnswerSentences {
  const split = answerSentencesOf(text);
  return { ...split, kept: split.kept.slice() };
}

/** answerSentences, shared (memoized: an audit reads each answer's sentences several times): read it, never change it. */
export const answerSentencesOf: (text: string) => Readonly<AnswerSentences> = memoize(splitAnswer, 256);

function splitAnswer(text: string): AnswerSentences {
  let refusal = false;
  let unknown = false;
  const kept: string[] = [];
  for (const raw of splitSentences(text)) {
    const sentence = raw.replace(BOILERPLATE, "");
    const isRefusal = ANY_REFUSAL.test(sentence);
    const isUnknown = ANY_UNKNOWN.test(sentence);
    refusal ||= isRefusal;
    unknown ||= isUnknown;
    if (!isRefusal && !isUnknown && sentence.trim()) kept.push(sentence);
  }
  return { kept, refusal, unknown };
}

/**
 * What kind of non-answer a text is, or undefined when it answers. `given` holds the stems of the question
 * and of the prompt the text answered (empty when unknown: then only refusals and pleas count).
 */
export function nonAnswerKind(text: string | Readonly<AnswerSentences>, given: ReadonlySet<string>, yesNo = false): NonAnswerKind | undefined {
  const split = typeof text === "string" ? answerSentencesOf(text) : text;
  const { kept, refusal, unknown } = split;
  const says = kept.some((sentence) => {
    const tokens = tokensOf(sentence);
    if (tokens.some((t) => NEGATION.has(t) || t === "yes")) return true;
    const content = contentStemsOf(sentence);
    if (given.size === 0 || yesNo) return content.length > 0 || /\p{N}/u.test(sentence);
    return content.some((w) => !given.has(w));
  });
  if (says) return undefined;
  if (refusal) return "refusal";
  if (unknown) return "unknown";
  return given.size > 0 && kept.length > 0 ? "restatement" : undefined;
}
