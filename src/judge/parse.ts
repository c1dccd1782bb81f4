/**
 * Reads a judge's verdict from what models really reply: a bare word in any case ("agree", "**AGREE**"),
 * a word then reasons ("Contradict. A says 1969…"), JSON ({"verdict": "agree"}, in a code fence or not),
 * a label ("Verdict: Contradict", "The final answer is yes") or prose ("They agree."). Reasoning in
 * <think> tags is ignored. Negated words do not count ("they do not contradict" is no contradiction;
 * "not supported" is unsupported). A reply that names two different verdicts, or none, is unreadable:
 * undefined, and the caller asks again.
 */

export type PairVerdict = "agree" | "contradict" | "neutral";
export type SupportVerdict = "supported" | "unsupported" | "unclear";

interface Vocabulary<V extends string> {
  /** Words and short phrases that are a verdict on their own: a whole reply, a JSON value, after "Verdict:". */
  words: Record<string, V>;
  /** Words that are a verdict only as the whole reply (a bare "Yes" to "Do A and B agree?"). */
  alone?: Record<string, V>;
  /** Which of `words` may open a longer reply ("Agree. Both…"); "Yes, they contradict" must not read as agree. */
  leading: ReadonlySet<string>;
  /** The verdict words as the prompt asks for them, in capitals: they outrank words in prose. */
  capitals: RegExp;
  /** Words in prose; a negated one counts as `negated` (or not at all). */
  prose: { verdict: V; pattern: RegExp; negated?: V }[];
}

const PAIR: Vocabulary<PairVerdict> = {
  words: {
    ...all("agree", ["agree", "agrees", "agreed", "agreement", "consistent", "equivalent", "same", "entailment", "match", "matches"]),
    ...all("contradict", [
      "contradict",
      "contradicts",
      "contradicted",
      "contradiction",
      "contradictory",
      "contradicting",
      "disagree",
      "disagrees",
      "disagreement",
      "conflict",
      "conflicting",
      "inconsistent",
      "incompatible",
    ]),
    ...all("neutral", ["neutral", "neither", "unrelated", "irrelevant", "none", "unclear", "undetermined", "n/a"]),
  },
  alone: { yes: "agree" },
  leading: new Set([
    "agree",
    "agrees",
    "agreement",
    "consistent",
    "equivalent",
    "contradict",
    "contradicts",
    "contradiction",
    "contradictory",
    "disagree",
    "inconsistent",
    "neutral",
    "neither",
    "unrelated",
  ]),
  capitals: /\b(AGREES?|CONTRADICTS?|CONTRADICTION|NEUTRAL)\b/g,
  prose: [
    { verdict: "agree", pattern: /\bagree(?:s|d|ment)?\b|\bconsistent\b|\bequivalent\b|\bsame (?:final )?(?:answer|meaning|claim|conclusion|fact)s?\b|\bmatch(?:es)?\b/gi },
    { verdict: "contradict", pattern: /\bcontradict\w*|\bdisagree\w*|\bconflict\w*|\binconsistent\b|\bincompatible\b|\bdifferent (?:final )?answers\b/gi },
    { verdict: "neutral", pattern: /\bneutral\b|\bunrelated\b|\birrelevant\b|\bneither\b[^.]*?\bnor\b|\bdifferent (?:topics?|things|subjects?|questions?)\b/gi },
  ],
};

const SUPPORT: Vocabulary<SupportVerdict> = {
  words: {
    ...all("supported", ["yes", "y", "true", "supported", "supports", "entailed", "entailment", "consistent", "correct"]),
    ...all("unsupported", ["no", "n", "false", "unsupported", "not supported", "contradicted", "contradicts", "contradiction", "refuted", "not mentioned", "incorrect", "inconsistent"]),
    ...all("unclear", ["unclear", "partially", "partial", "partly", "n/a", "na", "unknown", "uncertain", "not sure", "maybe", "neutral", "insufficient", "not enough information"]),
  },
  leading: new Set(["yes", "no", "true", "false", "supported", "unsupported", "not supported", "partially", "partly", "unclear", "n/a", "not sure", "maybe"]),
  capitals: /\b(YES|NO|SUPPORTED|UNSUPPORTED)\b/g,
  prose: [
    { verdict: "supported", negated: "unsupported", pattern: /(?<!\bpart(?:ial)?ly )\b(?:supported|supports?|entailed|entails|confirm(?:s|ed)?)\b/gi },
    { verdict: "unsupported", pattern: /\bunsupported\b|\bcontradict\w*|\brefut\w*|\bnot mentioned\b|\bno (?:mention|evidence|information)\b|\bincorrect\b/gi },
    { verdict: "unclear", pattern: /\bunclear\b|\bpartially\b|\bpartly\b|\buncertain\b|\bambiguous\b|\bcannot (?:be )?determined?\b|\bnot sure\b|\binsufficient\b/gi },
  ],
};

/** Agree, contradict or neutral, from a reply to the pair prompt; undefined when it cannot be told. */
export function parsePairVerdict(reply: string): PairVerdict | undefined {
  return parseVerdict(reply, PAIR);
}

/** Supported, unsupported or unclear, from a reply to the support prompt; undefined when it cannot be told. */
export function parseSupportVerdict(reply: string): SupportVerdict | undefined {
  return parseVerdict(reply, SUPPORT);
}

function parseVerdict<V extends string>(reply: string, vocabulary: Vocabulary<V>): V | undefined {
  const text = reply
    .replace(/<think>[\s\S]*?(?:<\/think>|$)/gi, " ")
    .replace(/^[\s\S]*<\/think>/i, " ")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"');
  const fromJson = jsonVerdict(text, vocabulary);
  if (fromJson) return fromJson;
  // Markdown emphasis, headings, quotes and code marks carry no meaning here.
  const plain = text
    .replace(/```\w*|[*_`#>~|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const capitals = found(plain, [{ pattern: vocabulary.capitals }], vocabulary);
  const leading = leadingWord(plain, vocabulary);
  // "AGREE, CONTRADICT or NEUTRAL" echoes the options: a leading word counts only if no other verdict is shouted.
  const leads = leading && [...capitals].every((v) => v === leading) ? leading : undefined;
  return word(plain, vocabulary) ?? leads ?? labelled(plain, vocabulary) ?? only(capitals) ?? only(found(plain, vocabulary.prose, vocabulary));
}

/** A reply that is a verdict word and nothing else (punctuation and brackets aside). */
function word<V extends string>(text: string, vocabulary: Vocabulary<V>): V | undefined {
  const bare = text.toLowerCase().replace(/^[\s"'([{.:-]+|[\s"')\]}.!:;,-]+$/g, "");
  return vocabulary.words[bare] ?? vocabulary.alone?.[bare];
}

/** "Agree. Both say…", "CONTRADICT: A says…", "No, the passage…": a leading verdict word, then a break. */
function leadingWord<V extends string>(text: string, vocabulary: Vocabulary<V>): V | undefined {
  const match = /^["'([]*([a-z/]+(?: [a-z]+)?)[\])"']*\s*(?:[.!:;,\u2013\u2014-]|$)/i.exec(text) ?? /^["'([]*([a-z/]+)[\])"']*\s*(?:[.!:;,\u2013\u2014-]|$)/i.exec(text);
  const candidates = match ? [match[1]!.toLowerCase(), match[1]!.toLowerCase().split(" ")[0]!] : [];
  for (const candidate of candidates) {
    if (vocabulary.leading.has(candidate) && vocabulary.words[candidate]) return vocabulary.words[candidate];
  }
  return undefined;
}

/** "Verdict: Contradict", "Final answer: yes", "The answer is AGREE": the last labelled verdict wins. */
function labelled<V extends string>(text: string, vocabulary: Vocabulary<V>): V | undefined {
  const pattern =
    /\b(?:verdict|final answer|answer|label|judge?ment|decision|classification|conclusion|result|relation(?:ship)?|output|rating)\b(?:\s*(?:is|would be|will be|[:=\u2013\u2014-]))+\s*["'([]*([a-z/]+(?: [a-z]+)?)/gi;
  let verdict: V | undefined;
  for (const match of text.matchAll(pattern)) {
    const phrase = match[1]!.toLowerCase();
    verdict = vocabulary.words[phrase] ?? vocabulary.words[phrase.split(" ")[0]!] ?? verdict;
  }
  return verdict;
}

/** Verdicts named in the text, negated words counted as their `negated` verdict or dropped. */
function found<V extends string>(text: string, patterns: { verdict?: V; pattern: RegExp; negated?: V }[], vocabulary: Vocabulary<V>): Set<V> {
  const verdicts = new Set<V>();
  for (const { verdict, pattern, negated } of patterns) {
    for (const match of text.matchAll(pattern)) {
      const named = verdict ?? vocabulary.words[match[0].toLowerCase()];
      if (!named) continue;
      const counted = isNegated(text.slice(Math.max(0, match.index! - 40), match.index!)) ? negated : named;
      if (counted) verdicts.add(counted);
    }
  }
  return verdicts;
}

/** Whether the words just before a match, in its clause, negate it: "do not", "doesn't really", "neither", "no". */
function isNegated(before: string): boolean {
  return /\b(?:not|no|never|neither|nor|without|hardly|barely|cannot|can't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't)\b(?:[^\w.,;:!?]+\w+){0,2}[^\w.,;:!?]*$/i.test(before);
}

function only<V>(verdicts: Set<V>): V | undefined {
  return verdicts.size === 1 ? [...verdicts][0] : undefined;
}

/** {"verdict": "agree"} (or label, answer, result, …; a boolean for support), anywhere in the reply. */
function jsonVerdict<V extends string>(text: string, vocabulary: Vocabulary<V>): V | undefined {
  const KEYS = ["verdict", "final_verdict", "label", "answer", "final_answer", "result", "judgement", "judgment", "decision", "relation", "relationship", "classification", "supported", "support"];
  for (const [object] of text.matchAll(/\{[^{}]*\}/g)) {
    const value = parseObject(object);
    if (!value) continue;
    const entries = Object.entries(value).map(([k, v]) => [k.toLowerCase(), v] as const);
    const keyed = KEYS.map((key) => entries.find(([k]) => k === key)?.[1]).find((v) => v !== undefined);
    const candidate = keyed ?? (entries.length === 1 ? entries[0]![1] : undefined);
    if (typeof candidate === "boolean") return vocabulary.words[String(candidate)];
    if (typeof candidate === "string") {
      const verdict = parseVerdict(candidate, vocabulary);
      if (verdict) return verdict;
    }
  }
  return undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  for (const attempt of [text, text.replace(/'/g, '"')]) {
    try {
      const value: unknown = JSON.parse(attempt);
      if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // not JSON, or Python-style quotes: try the next form
    }
  }
  return undefined;
}

function all<V extends string>(verdict: V, words: string[]): Record<string, V> {
  return Object.fromEntries(words.map((w) => [w, verdict]));
}
