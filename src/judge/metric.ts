/**
 * An LLM judge as a similarity metric: for each pair of answers, a model says whether they agree (1),
 * contradict (0) or neither (0.5), at temperature 0. Each unordered pair is asked once (both orders with
 * `bothOrders`, averaged, against the judge's position bias); identical texts agree without a call. A
 * reply that cannot be read is asked again once, more strictly (another prompt, so another call), and
 * then counts as neutral with a warning. Calls are issued all at once: the executor bounds concurrency,
 * retries and journals them. Answers to the same question only compare meaningfully against it, so pass
 * the question as context. Verdicts are remembered per prompt for the metric's lifetime, so `pairwise`
 * and then `verdicts` or `contradictions` on the same texts cost one set of calls. Sentence support
 * (SelfCheckGPT's prompt variant) scores 1 supported, 0 not, 0.5 unclear, averaged over the passages.
 * A call that fails for good (after the executor's retries) rejects the whole matrix.
 */
import { createHash } from "node:crypto";
import type { Complete } from "../core/types.js";
import { ProviderError } from "../providers/errors.js";
import type { ChatMessage } from "../providers/types.js";
import type { CompareContext, PairConflict, SimilarityMetric } from "../similarity/types.js";
import { parsePairVerdict, parseSupportVerdict, type PairVerdict, type SupportVerdict } from "./parse.js";
import { pairVerdictPrompt, supportVerdictPrompt } from "./prompt.js";

export const PAIR_SCORE: Readonly<Record<PairVerdict, number>> = { agree: 1, neutral: 0.5, contradict: 0 };
export const SUPPORT_SCORE: Readonly<Record<SupportVerdict, number>> = { supported: 1, unclear: 0.5, unsupported: 0 };
/**
 * Room for a reasoning model's thinking before its one-word verdict (a plain model stops after the word,
 * so the room costs nothing); with 64, models like qwen3 or deepseek-r1 spent it all thinking.
 */
export const DEFAULT_JUDGE_MAX_TOKENS = 1024;
/** Remembered verdicts (oldest forgotten first), so a long batch run does not grow without bound. */
const REMEMBERED = 20_000;

export interface JudgeOptions {
  complete: Complete;
  /** The judge's model id, e.g. "ollama:qwen2.5:7b". */
  model: string;
  maxTokens?: number;
  /** Ask about each pair in both orders and average (twice the calls). */
  bothOrders?: boolean;
  /** Ask for {"verdict": "…"} rather than a bare word. */
  json?: boolean;
}

export interface Judgement {
  /** The verdict of every order asked when they concur, else "neutral". */
  verdict: PairVerdict;
  /** Mean of PAIR_SCORE over the orders asked. */
  score: number;
  /** One verdict per order asked ([a, b] then [b, a]); empty when no call was needed. Unreadable replies count as neutral. */
  asked: PairVerdict[];
}

export interface JudgedMatrix {
  /** verdicts[i][j] for the pair (i, j); pairwise: symmetric, "agree" on the diagonal. */
  verdicts: PairVerdict[][];
  scores: number[][];
  /** Pairs whose verdict could not be read even when asked again (counted as neutral). */
  warnings: string[];
}

export interface SupportJudgement {
  verdict: SupportVerdict;
  score: number;
  warning?: string;
}

export interface JudgeMetric extends SimilarityMetric {
  /** Like pairwise, with the verdicts (answers linked by "agree" share a meaning: see meaningClusters) and warnings. */
  verdicts(texts: string[], context?: CompareContext): Promise<JudgedMatrix>;
  /** Like cross, with the verdicts and warnings; rows are `a`, columns `b`, asked in the order (a[i], b[j]). */
  crossVerdicts(a: string[], b: string[], context?: CompareContext): Promise<JudgedMatrix>;
  /** The pairs judged "contradict" (the same calls as pairwise, so free after it); undefined elsewhere and on the diagonal. */
  contradictions(texts: string[], context?: CompareContext): Promise<(PairConflict | undefined)[][]>;
  /** Each claim's support by the passages: the mean of supportScore over the passages (SelfCheckGPT's prompt variant); 1 without passages. */
  support(claims: string[], passages: string[], context?: CompareContext): Promise<number[]>;
  /** SelfCheckGPT-style: does `passage` support `sentence`? */
  supportVerdict(sentence: string, passage: string, context?: CompareContext): Promise<SupportJudgement>;
  /** 1 supported, 0 not, 0.5 unclear (or unreadable, with a warning). */
  supportScore(sentence: string, passage: string, context?: CompareContext): Promise<number>;
  /** Warnings recorded since the last call (through pairwise and cross too), each once. */
  takeWarnings(): string[];
  /** Verdicts asked for so far (each distinct question once): how many could be read, and how many not even when asked again. */
  tally(): { read: number; unreadable: number };
}

interface Reading<V> {
  /** Undefined when neither the reply nor the reply to the strict re-ask could be read. */
  verdict?: V;
  reply: string;
}

interface PairOutcome {
  judgement: Judgement;
  unreadable: string[];
}

export function createJudgeMetric(options: JudgeOptions): JudgeMetric {
  const name = `judge:${options.model}`;
  const maxTokens = options.maxTokens ?? DEFAULT_JUDGE_MAX_TOKENS;
  const remembered = new Map<string, Promise<Reading<string>>>();
  let pending: string[] = [];
  const tally = { read: 0, unreadable: 0 };

  /** Asks once, and once more in the strict wording when the reply cannot be read; remembered by prompt. */
  function ask<V extends string>(prompt: (strict: boolean) => ChatMessage[], parse: (reply: string) => V | undefined): Promise<Reading<V>> {
    const key = createHash("sha256")
      .update(JSON.stringify(prompt(false)))
      .digest("hex");
    const known = remembered.get(key) as Promise<Reading<V>> | undefined;
    if (known) return known;
    const reading = (async (): Promise<Reading<V>> => {
      let reply = "";
      for (const strict of [false, true]) {
        try {
          ({ text: reply } = await options.complete({ role: "judge", model: options.model, messages: prompt(strict), temperature: 0, maxTokens, sampleIndex: 0 }));
        } catch (error) {
          // Nothing left after the thinking (cut off by the token limit): no verdict, not a failed audit.
          if (!(error instanceof ProviderError && error.kind === "empty-answer")) throw error;
          reply = "";
        }
        const verdict = parse(reply);
        if (verdict) {
          tally.read++;
          return { verdict, reply };
        }
      }
      tally.unreadable++;
      return { reply };
    })();
    remembered.set(key, reading);
    if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
    // A failed call is not remembered: asking again later makes it again.
    reading.catch(() => remembered.get(key) === reading && remembered.delete(key));
    return reading;
  }

  async function judgePair(x: string, y: string, context?: CompareContext): Promise<PairOutcome> {
    if (x.trim() === y.trim()) return { judgement: { verdict: "agree", score: 1, asked: [] }, unreadable: [] };
    // An empty text claims nothing (providers refuse empty answers, so this is rare).
    if (!x.trim() || !y.trim()) return { judgement: { verdict: "neutral", score: PAIR_SCORE.neutral, asked: [] }, unreadable: [] };
    // One order per pair of texts, whichever way round they come (the same pair is never paid for twice).
    const orders = options.bothOrders
      ? [
          [x, y],
          [y, x],
        ]
      : [x <= y ? [x, y] : [y, x]];
    const readings = await Promise.all(orders.map(([p, q]) => ask((strict) => pairVerdictPrompt(p!, q!, { question: context?.question, json: options.json, strict }), parsePairVerdict)));
    const asked = readings.map((r) => r.verdict ?? "neutral");
    const score = asked.reduce((sum, v) => sum + PAIR_SCORE[v], 0) / asked.length;
    const verdict = asked.every((v) => v === asked[0]) ? asked[0]! : "neutral";
    return { judgement: { verdict, score, asked }, unreadable: readings.filter((r) => !r.verdict).map((r) => r.reply) };
  }

  function unreadableWarning(what: string, replies: string[]): string[] {
    return replies.map((reply) => `${name} gave no readable verdict for ${what}, even when asked again (it replied "${snippet(reply)}"); counted as neutral.`);
  }

  /** Judges the listed cells of a rows × cols matrix whose other cells are already filled. */
  async function judgeCells(cells: { i: number; j: number; x: string; y: string; what: string }[], matrix: JudgedMatrix, symmetric: boolean, context?: CompareContext): Promise<JudgedMatrix> {
    const outcomes = await Promise.all(cells.map((c) => judgePair(c.x, c.y, context)));
    cells.forEach(({ i, j, what }, k) => {
      const { judgement, unreadable } = outcomes[k]!;
      matrix.verdicts[i]![j] = judgement.verdict;
      matrix.scores[i]![j] = judgement.score;
      if (symmetric) {
        matrix.verdicts[j]![i] = judgement.verdict;
        matrix.scores[j]![i] = judgement.score;
      }
      matrix.warnings.push(...unreadableWarning(what, unreadable));
    });
    pending.push(...matrix.warnings);
    return matrix;
  }

  async function verdicts(texts: string[], context?: CompareContext): Promise<JudgedMatrix> {
    const n = texts.length;
    const matrix = emptyMatrix(n, n);
    const cells = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) cells.push({ i, j, x: texts[i]!, y: texts[j]!, what: `texts ${i} and ${j}` });
    }
    return judgeCells(cells, matrix, true, context);
  }

  async function crossVerdicts(a: string[], b: string[], context?: CompareContext): Promise<JudgedMatrix> {
    const matrix = emptyMatrix(a.length, b.length);
    const cells = a.flatMap((x, i) => b.map((y, j) => ({ i, j, x, y, what: `a[${i}] and b[${j}]` })));
    return judgeCells(cells, matrix, false, context);
  }

  async function supportVerdict(sentence: string, passage: string, context?: CompareContext): Promise<SupportJudgement> {
    if (sentence.trim() === passage.trim()) return { verdict: "supported", score: SUPPORT_SCORE.supported };
    if (!sentence.trim() || !passage.trim()) return { verdict: "unclear", score: SUPPORT_SCORE.unclear };
    const reading = await ask((strict) => supportVerdictPrompt(sentence, passage, { question: context?.question, strict }), parseSupportVerdict);
    if (reading.verdict) return { verdict: reading.verdict, score: SUPPORT_SCORE[reading.verdict] };
    const warning = `${name} gave no readable support verdict for "${snippet(sentence)}", even when asked again (it replied "${snippet(reading.reply)}"); counted as unclear.`;
    pending.push(warning);
    return { verdict: "unclear", score: SUPPORT_SCORE.unclear, warning };
  }

  return {
    name,
    costly: true,
    tally: () => ({ ...tally }),
    verdicts,
    crossVerdicts,
    supportVerdict,
    pairwise: async (texts, context) => (await verdicts(texts, context)).scores,
    cross: async (a, b, context) => (await crossVerdicts(a, b, context)).scores,
    async contradictions(texts, context) {
      const { verdicts: matrix } = await verdicts(texts, context);
      return matrix.map((row, i) => row.map((v, j): PairConflict | undefined => (i !== j && v === "contradict" ? { kind: "judge" } : undefined)));
    },
    supportScore: async (sentence, passage, context) => (await supportVerdict(sentence, passage, context)).score,
    async support(claims, passages, context) {
      if (passages.length === 0) return claims.map(() => 1);
      const scores = await Promise.all(claims.map((claim) => Promise.all(passages.map((passage) => supportVerdict(claim, passage, context)))));
      return scores.map((row) => row.reduce((sum, s) => sum + s.score, 0) / row.length);
    },
    takeWarnings() {
      const taken = [...new Set(pending)];
      pending = [];
      return taken;
    },
  };
}

/** A rows × cols matrix of "agree" / 1 (the diagonal of a pairwise matrix keeps these), no warnings. */
function emptyMatrix(rows: number, cols: number): JudgedMatrix {
  return {
    verdicts: Array.from({ length: rows }, () => new Array<PairVerdict>(cols).fill("agree")),
    scores: Array.from({ length: rows }, () => new Array<number>(cols).fill(1)),
    warnings: [],
  };
}

function snippet(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
