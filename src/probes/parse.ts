/**
 * Reads a prober's raw output into a clean list of probe questions. Survives numbering, bullets,
 * quotes, markdown, preambles and postambles, JSON (bare, fenced, wrapped in an object), reasoning
 * blocks, wrapped items, one-line lists and trailing annotations; drops duplicates and, when given,
 * the original question. Returns what is there: the caller asks again when there are too few.
 */

export interface ParseProbeOptions {
  /** The original question: an item equal to it (ignoring case and punctuation) is dropped. */
  question?: string;
  /** Probes already accepted: items equal to one of them are dropped. */
  exclude?: readonly string[];
}

/** Lower case, no accents, no punctuation, single spaces: for equality and near-duplicate checks. */
export function normalizeForComparison(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const QUESTION_START =
  /^(?:(?:and|so|but|ok|okay|hey|well|also|say|please|quick question|just curious|out of curiosity)[,!:]?\s+)?(?:what|which|who|whom|whose|when|where|why|how|is|isn't|are|aren't|was|wasn't|were|weren't|do|don't|does|doesn't|did|didn't|can|can't|could|couldn't|would|wouldn't|will|won't|shall|should|shouldn't|may|might|must|has|hasn't|have|haven't|had|am)\b/i;
const REQUEST_START =
  /^(?:please\s+|kindly\s+)?(?:name|list|tell|explain|describe|identify|give|state|define|provide|specify|share|indicate|mention|clarify|outline|summari[sz]e|find|determine|compare|calculate|compute|estimate|show|write|enumerate|recall|point out|spell out|let me know|help me|i(?:'d| would) like to|i (?:want|need|wish) to|i(?:'m| am) (?:curious|wondering|trying)|i wonder|could you|can you|would you|do you know|any idea)\b/i;

/** True for text that reads as a question: ends with "?" or opens like one. */
export function isQuestionLike(text: string): boolean {
  const t = text.trim().replace(/["'”’`)\]*_]+$/, "");
  return /[?？]$/.test(t) || QUESTION_START.test(t);
}

/** True for a question or a request for information ("Name the capital of France."), maybe after some context. */
export function isProbeLike(text: string): boolean {
  const t = text.trim();
  if (isQuestionLike(t) || REQUEST_START.test(t)) return true;
  return t.split(/(?<=[.!?？。！])\s+/).some((s) => REQUEST_START.test(s) || /[?？]$/.test(s));
}

/** Chatter that is commentary even when it ends with "?". */
const ALWAYS_COMMENTARY = [
  /^(?:the\s+)?original(?:\s+question)?(?:\s+(?:is|was))?\s*[:\-–—]/i,
  /^(?:would you like|do you want me|want me to|shall i|should i (?:generate|provide|create|give|write)|is there anything else|anything else|need more)\b/i,
  /^(?:please\s+)?let me know (?:if|whether|when|should|how)\b/i,
  /^(?:do you (?:need|want)|would you like|shall i|should i|can i|may i)\b.*\b(?:more|other|additional|further|different) (?:variations|paraphrases|options|examples|versions|rewrites|rephrasings|probes|questions)\b/i,
];
/** Chatter when the line does not end with "?". */
const COMMENTARY = [
  /^(?:sure|certainly|of course|absolutely|okay|ok|great|alright|no problem|happy to|glad to)\b/i,
  /^(?:here(?:'s| is| are| you go)|below (?:are|is))\b/i,
  /^(?:the\s+)?following\b/i,
  /^(?:i hope|hope (?:this|these|that)|feel free|if you (?:need|want|would|'d)|i can (?:also|provide|generate))\b/i,
  /^(?:these|those|all (?:of )?(?:these|the above|\w+ of (?:these|them))|each (?:of these|one|question|version|probe|paraphrase|rewrite)|both)\b.*\b(?:questions?|paraphrases?|probes?|versions?|variations?|rephrasings?|rewordings?|phrasings?|rewrites?|ways?)\b/i,
  /^(?:note|notes|explanation|rationale|reasoning|summary|output|answer|response|analysis)\s*[:\-–]/i,
  /^(?:note that|please note|keep in mind|as an ai)\b/i,
  /^i(?:'ve| have)? (?:tried|made|kept|changed|used|focused|avoided|ensured|varied|rephrased|aimed|generated|created|written|provided)\b/i,
  /^(?:paraphrases?|paraphrased questions|rephrased questions|rephrasings|variations|probes|rewordings|rewrites|questions|alternative (?:questions|phrasings|versions))\s*[:\-–—]?\s*$/i,
  /^the (?:original )?question\s+(?:is|was|asks|"|“)/i,
];

function isCommentary(text: string): boolean {
  if (ALWAYS_COMMENTARY.some((re) => re.test(text))) return true;
  if (/:\s*$/.test(text)) return true;
  return !isQuestionLike(text) && COMMENTARY.some((re) => re.test(text));
}

/** Words that make up style tags such as "Formal:", "(more casual)", "Version 2 -". */
const TAG_WORDS = new Set(
  (
    "formal informal casual colloquial simple simpler simplified plain technical academic scientific concise short " +
    "shorter brief long longer detailed elaborate expanded direct indirect passive active polite neutral " +
    "conversational curious child childlike kid expert layperson lay layman beginner student professional " +
    "everyday friendly rephrased rephrase rephrasing reworded rewording paraphrase paraphrased version variant " +
    "variation alternative alternate synonym synonyms question probe query phrasing style tone register voice " +
    "more less very slightly a an the with using form structure vocabulary different new wording rewrite " +
    "reordered inverted and or of in emphasis focus"
  ).split(" "),
);

function isTag(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/[\s/-]+/)
    .filter(Boolean);
  return words.length > 0 && words.length <= 5 && words.every((w) => TAG_WORDS.has(w) || /^#?\d+$/.test(w));
}

const MARKERS: readonly RegExp[] = [
  /^(?:q|question|probe|paraphrase|rephrasing|rephrase|rewording|rewrite|variation|variant|version|option|prompt|query|alternative|item)\s*#?\s*\d{1,3}\s*(?::\s*|[.)\]\-–—](?:\s+|$)|$)/i,
  /^(?:\(\s*\d{1,3}\s*\)|\[\s*\d{1,3}\s*\]|#?\d{1,3}\s*[.)\]:]|\d{1,3}\s+[-–—])(?:\s+|$)/,
  /^\d{1,3}[.)](?=["“'‘`\p{L}])/u,
  /^\d{1,2}\.0\s+(?=\p{Lu})/u,
  /^[a-z]\)\s+/,
];
const BULLET = /^[-*•–—·▪◦‣●○■□➤➢►>+]\s+/;

type Kind = "numbered" | "bullet";
interface Line {
  kind: Kind | "plain" | "blank";
  content: string;
}

function classify(raw: string): Line {
  const text = raw.replace(/\*\*|__/g, "").trim();
  if (!text || /^`{3}/.test(text)) return { kind: "blank", content: "" };
  if (/^\|.*\|$/.test(text)) {
    // A markdown table row: its longest cell is the item; "|---|---|" rows are rules.
    const cells = text
      .split("|")
      .map((c) => c.trim())
      .filter((c) => c && !/^:?-+:?$/.test(c));
    const longest = cells.reduce((a, c) => (c.length > a.length ? c : a), "");
    return longest ? { kind: "numbered", content: longest } : { kind: "blank", content: "" };
  }
  for (const re of MARKERS) {
    const m = re.exec(text);
    if (m) return { kind: "numbered", content: labelOnly(text.slice(m[0].length).trim()) };
  }
  const b = BULLET.exec(text);
  if (b) return { kind: "bullet", content: labelOnly(text.slice(b[0].length).trim()) };
  return { kind: "plain", content: text };
}

/** "Formal version:" with nothing after it labels the item on the next line. */
function labelOnly(content: string): string {
  return /^[^?]{0,40}:$/.test(content) && isTag(content.slice(0, -1).replace(/[*_]/g, "")) ? "" : content;
}

/** Splits "1. A? 2. B? 3. C?" (sequential numbers, at least two) into one line per item. */
function splitInline(line: string): string[] {
  const text = line.replace(/\*\*/g, "");
  const found = [...text.matchAll(/(^|\s)(\d{1,2})[.)]\s+(?=[\p{Lu}¿"“'‘`])/gu)];
  const seq = found.filter((m, i) => i === 0 || Number(m[2]) === Number(found[i - 1]![2]) + 1);
  if (found.length < 2 || seq.length !== found.length) return [line];
  const cuts = found.map((m) => m.index! + m[1]!.length);
  const parts = [text.slice(0, cuts[0])];
  cuts.forEach((c, i) => parts.push(text.slice(c, cuts[i + 1])));
  return parts.filter((p) => p.trim());
}

function isSeparator(text: string): boolean {
  return /:\s*$/.test(text) || /^#{1,6}\s/.test(text) || /^[-=_*]{3,}$/.test(text);
}

function chooseKind(lines: readonly Line[]): Kind | undefined {
  const count = (k: Kind) => lines.filter((l) => l.kind === k).length;
  const [nt, bt] = [count("numbered"), count("bullet")];
  if (nt === 0 && bt === 0) return undefined;
  if (bt === 0) return "numbered";
  if (nt === 0) return "bullet";
  // Both kinds: the one with more lines that read as questions (only then are the lines read).
  const questions = (k: Kind) => lines.filter((l) => l.kind === k && isProbeLike(cleanText(l.content))).length;
  const [nq, bq] = [questions("numbered"), questions("bullet")];
  return bq > nq || (bq === nq && bt > nt) ? "bullet" : "numbered";
}

function listItems(lines: readonly Line[], kind: Kind): string[] {
  const blocks: string[][] = [[]];
  let current: { text: string } | undefined;
  let items: { text: string }[] = [];
  const flush = () => {
    blocks.push(items.map((i) => i.text));
    items = [];
  };
  let attached = false;
  for (const line of lines) {
    if (line.kind === "blank") {
      attached = false;
    } else if (line.kind === kind) {
      current = { text: line.content };
      items.push(current);
      attached = true;
    } else if (line.kind !== "plain") {
      current = undefined;
    } else if (isSeparator(line.content)) {
      if (items.length > 0) flush();
      current = undefined;
    } else if (current && current.text === "") {
      current.text = line.content;
      attached = true;
    } else if (current && attached && (!/[?.!？。！]["'”’)\]*_]*$/.test(current.text) || /^\p{Ll}/u.test(line.content))) {
      current.text += ` ${line.content}`;
    } else if (items.length > 0 && /[?？]["'”’)\]*_]*$/.test(line.content)) {
      current = { text: line.content }; // an item whose number was forgotten or mangled
      items.push(current);
      attached = true;
    } else {
      current = undefined;
    }
  }
  flush();
  const nonEmpty = blocks.filter((b) => b.some((t) => t.trim()));
  const probeShare = (b: string[]) => b.filter((t) => isProbeLike(cleanText(t))).length / b.length;
  const kept = nonEmpty.filter((b) => probeShare(b) >= 0.5);
  if (kept.length > 0) return kept.flat();
  // No list of questions: search-style queries ("bible verse taking the lord's name in vain") are probes, but a
  // sentence that states something ("1. The capital of France is Paris.", as small models write) answers the
  // question instead of asking it; in a list of such sentences, so does the last one cut short by the token limit.
  const longest = nonEmpty.reduce<string[]>((best, b) => (b.length > best.length ? b : best), []);
  const statement = (t: string) => /[.!。！]["'”’)\]*_]*$/.test(cleanText(t)) && !isProbeLike(cleanText(t));
  const statements = longest.filter(statement).length * 2 > longest.length;
  return longest.filter((t) => isProbeLike(cleanText(t)) || (!statements && !statement(t)));
}

/** Splits a rambling line ("Sure! Here are some: A? B? C?") into sentences; keeps "A? What are they?" whole. */
function splitSentences(line: string): string[] {
  if ((line.match(/[?？]/g)?.length ?? 0) < 2) return [line];
  const pieces = line.split(/(?<=[?!.:？])\s+(?=[\p{Lu}¿"“])/u);
  const chatter = pieces.some((p) => isCommentary(p));
  return chatter || pieces.filter(isQuestionLike).length >= 3 ? pieces : [line];
}

function plainItems(lines: readonly Line[]): string[] {
  const candidates = lines.filter((l) => l.kind !== "blank" && !isSeparator(l.content)).flatMap((l) => splitSentences(l.content));
  // Without list markers nothing says which lines are items: keep only questions and requests.
  return candidates.filter((c) => isProbeLike(cleanText(c)) || hasQuotedQuestion(c));
}

function fromLines(body: string): string[] {
  const lines = body.split("\n").flatMap(splitInline).map(classify);
  const kind = chooseKind(lines);
  if (kind) {
    const markers = lines.filter((l) => l.kind === kind).length;
    const plainQuestions = lines.some((l) => l.kind === "plain" && isQuestionLike(l.content));
    if (markers >= 2 || !plainQuestions) return listItems(lines, kind);
  }
  return plainItems(lines);
}

const LIST_KEYS = ["questions", "probes", "paraphrases", "rephrasings", "variations", "rewrites", "items", "queries", "prompts", "results", "data", "output", "list"];
const TEXT_KEYS = ["question", "probe", "paraphrase", "rephrased", "rewrite", "text", "prompt", "query", "content", "value", "q"];

function jsonStrings(value: unknown, depth = 0): string[] {
  if (depth > 4) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap((v) => jsonStrings(v, depth + 1));
  if (value === null || typeof value !== "object") return [];
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const listKey = LIST_KEYS.find((k) => Array.isArray(obj[k])) ?? keys.find((k) => Array.isArray(obj[k]));
  if (listKey !== undefined) return jsonStrings(obj[listKey], depth + 1);
  const textKey = TEXT_KEYS.find((k) => typeof obj[k] === "string");
  if (textKey !== undefined) return [obj[textKey] as string];
  const strings = keys.map((k) => obj[k]).filter((v): v is string => typeof v === "string");
  return strings.length === keys.length ? strings : [];
}

/** Strings of a JSON-ish list that is not valid JSON (single quotes, trailing commas). */
function lenientStrings(text: string): string[] {
  const re = /(?<=[[,]\s*)(?:"((?:[^"\\]|\\.|"(?!\s*[,\]]))*)"|'((?:[^'\\]|\\.|'(?!\s*[,\]]))*)')(?=\s*[,\]])/g;
  return [...text.matchAll(re)].map((m) => (m[1] ?? m[2] ?? "").replace(/\\(["'\\])/g, "$1"));
}

function fromJson(body: string): string[] | undefined {
  const candidates = [...body.matchAll(/```[\w-]*\s*\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
  candidates.push(body);
  const start = body.search(/^\s*[[{]/m);
  if (start >= 0) candidates.push(body.slice(start, Math.max(body.lastIndexOf("]"), body.lastIndexOf("}")) + 1));
  for (const c of candidates) {
    if (!/^[[{]/.test(c.trim())) continue;
    let strings: string[];
    try {
      strings = jsonStrings(JSON.parse(c));
    } catch {
      strings = c.trim().startsWith("[") ? lenientStrings(c) : [];
    }
    if (strings.length > 0) return strings.flatMap((t) => (t.includes("\n") ? fromLines(t) : [t]));
  }
  return undefined;
}

/** A quoted question: the opening quote follows a space or punctuation, the closing one precedes them. */
const QUOTED_QUESTION = /(?<=^|[\s,:;(])["“«`](?=\S)([^"“”«»`]{2,}?\?)\s*["”»`](?=$|[\s,.;:)!?\]])/g;

function hasQuotedQuestion(text: string): boolean {
  return quotedQuestions(text).length > 0;
}

/** Questions quoted inside prose ("Someone might ask, "Is X?""), unless the prose is itself a question. */
function quotedQuestions(text: string): string[] {
  const found = [...text.matchAll(QUOTED_QUESTION)];
  if (found.length === 0) return [];
  const outside = text.replace(QUOTED_QUESTION, " ").replace(/^[^\p{L}]+/u, "");
  if (outside.includes("?") || QUESTION_START.test(outside) || REQUEST_START.test(outside)) return [];
  return found.map((m) => m[1]!.trim());
}

const PAIRS: Record<string, string> = { '"': '"', "“": "”", "„": "“", "«": "»", "`": "`", "'": "'", "‘": "’" };

function stripStep(s: string): string {
  let t = s
    .trim()
    .replace(/[,;]+$/, "")
    .trim();
  for (const re of MARKERS) t = t.replace(re, "").trim();
  t = t.replace(BULLET, "");
  t = t.replace(/^(?:(?:sure|certainly|of course|absolutely|okay|ok|great)[!.,]\s*)?(?:here(?:'s| is| are)|below (?:are|is)|the following)[^:?]{0,120}:\s+(?=\S)/i, "");
  t = t.replace(/^(?:sure|certainly|of course|absolutely)[!.,]\s+(?=\S)/i, "");
  const tag = /^[*_]*[([]?([^:()[\]?*_]{1,40})[)\]]?[*_]*\s*[:\-–—)\]][*_]*\s+(?=\S)/.exec(t);
  if (tag && isTag(tag[1]!)) t = t.slice(tag[0].length);
  const close = PAIRS[t[0] ?? ""];
  if (close) {
    const end = t.lastIndexOf(close);
    const rest = end > 0 ? t.slice(end + 1).trim() : "";
    const apostrophe = close === "'" || close === "’";
    const quoteLike = !apostrophe || /[?.!]$/.test(t.slice(1, end));
    if (end > 0 && quoteLike && (rest === "" || /^[([\-–—]/.test(rest) || isTag(rest.replace(/[()[\]*_]/g, "")))) {
      t = t.slice(1, end).trim();
    } else if (end <= 0 && close !== "'") {
      t = t.slice(1).trim();
    }
  }
  if (!/^["“]/.test(t)) t = t.replace(/^([^"“”]*)["”]$/, "$1");
  t = t.replace(/^([?.!？。！]|.*?[?.!？。！])\s*(?:[*_]*[([][^()[\]]{1,80}[)\]][*_]*|[-–—]+\s+[^?]{1,80})$/, "$1");
  const trailing = /\s*[*_]*[([]([^()[\]]{1,60})[)\]][*_]*$/.exec(t);
  if (trailing && isTag(trailing[1]!)) t = t.slice(0, trailing.index);
  const wrapped = /^([*_])(.+)\1$/.exec(t);
  if (wrapped) t = wrapped[2]!;
  return t.trim();
}

/** A prober's list is cleaned item by item several times over (is it a probe? a statement? the item): once is enough. */
const cleaned = new Map<string, string>();

function cleanText(raw: string): string {
  const known = cleaned.get(raw);
  if (known !== undefined) return known;
  if (cleaned.size >= 1024) cleaned.clear();
  const text = cleanOnce(raw);
  cleaned.set(raw, text);
  return text;
}

function cleanOnce(raw: string): string {
  let t = raw
    .replace(/\*\*|__/g, "")
    .replace(/\s+/g, " ")
    .trim();
  for (let i = 0; i < 4; i++) {
    const next = stripStep(t);
    if (next === t) break;
    t = next;
  }
  return t;
}

function cleanItem(raw: string): string[] {
  const text = raw
    .replace(/\*\*|__/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const quoted = quotedQuestions(text);
  return quoted.length > 0 ? quoted.map(cleanText) : [cleanText(text)];
}

function preclean(text: string): string {
  return text
    .replace(/<think>[\s\S]*?(<\/think>|$)/gi, "")
    .replace(/^[\s\S]*?<\/think>/i, "")
    .replace(/<\|[^|>]{1,40}\|>|<\/?s>|\[\/?INST\]/g, "")
    .replace(/\r\n?|\u2028|\u2029/g, "\n")
    .replace(/[\u200B-\u200D\uFEFF]/g, "")
    .replace(/[\u00A0\t]/g, " ")
    .trim();
}

/** One word is an answer or a label, not a probe (scripts written without spaces count characters). */
function tooShort(key: string): boolean {
  if (key.includes(" ")) return false;
  return !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u.test(key) || key.length < 4;
}

/** The probes in a prober's raw output, cleaned, in order, without duplicates. */
export function parseProbeList(text: string, options: ParseProbeOptions = {}): string[] {
  const body = preclean(text ?? "");
  if (!body) return [];
  const raw = fromJson(body) ?? fromLines(body);
  const seen = new Set<string>();
  for (const known of [options.question ?? "", ...(options.exclude ?? [])]) {
    const key = normalizeForComparison(known);
    if (key) seen.add(key);
  }
  const out: string[] = [];
  for (const item of raw.flatMap(cleanItem)) {
    const key = normalizeForComparison(item);
    if (tooShort(key) || seen.has(key) || isCommentary(item)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** Cleans one probe typed or edited by a user: numbering, bullets, quotes and spacing removed. */
export function cleanProbeText(text: string): string {
  return cleanText(preclean(text).replace(/\n+/g, " "));
}
