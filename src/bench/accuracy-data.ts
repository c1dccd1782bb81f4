/**
 * Readers for the labelled data of the accuracy benchmark (../shared/data, see its README): SAC3 NQ-open
 * (question, GPT-3.5 answer, 10 self-samples, 10 answers to paraphrases, label True = correct), GPT-3's
 * TruthfulQA answers with human truthfulness labels and the question's reference answers, and ChatProtect
 * sentence pairs (tag "strong" = self-contradiction).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

export interface Sac3Question {
  question: string;
  answer: string;
  samples: string[];
  paraphraseAnswers: string[];
  /** The paraphrase each of paraphraseAnswers answered. */
  paraphrases: string[];
  /** True when GPT-3.5's answer was wrong. */
  hallucinated: boolean;
}

export function readSac3(dataDir: string): Sac3Question[] {
  const rows = JSON.parse(readFileSync(join(dataDir, "sac3", "nq_open_250.json"), "utf8")) as Record<string, unknown>[];
  const text = (v: unknown) => (Array.isArray(v) ? String(v[0]) : String(v));
  return rows.map((r) => ({
    question: String(r.question),
    answer: text(r.generated_answer),
    samples: (r.self_evaluations as unknown[]).map(text),
    paraphraseAnswers: (r.perb_evaluations as unknown[]).map(text),
    paraphrases: (r.question_perturb as unknown[]).map((p) => text(p).replace(/^\s*\d+[.)]\s*/, "")),
    hallucinated: String(r.label) !== "True",
  }));
}

/**
 * SAC3's classification sets, which carry no labels: every number in the PRIME set is prime (checked here,
 * by trial division) and, by the set's construction (Zhang et al. 2023, "How language model hallucinations
 * can snowball"), no senator of the SENATOR set exists, so the right answers are "Yes" and "No". The
 * answer audited is GPT-3.5's first sample, the other nine its samples; it is wrong when it starts with the
 * other word, and left out when it starts with neither.
 */
export function readSac3Classification(dataDir: string, set: "prime" | "senator"): Sac3Question[] {
  const rows = JSON.parse(readFileSync(join(dataDir, "sac3", `${set}_500.json`), "utf8")) as Record<string, unknown>[];
  const text = (v: unknown) => (Array.isArray(v) ? String(v[0]) : String(v));
  const out: Sac3Question[] = [];
  for (const r of rows) {
    const question = String(r.question);
    if (set === "prime" && !isPrime(Number(/\d+/.exec(question)?.[0]))) continue;
    const [answer, ...samples] = (r.self_evaluations as unknown[]).map(text);
    const first = /^\s*(yes|no)\b/i.exec(answer ?? "")?.[1]?.toLowerCase();
    if (!answer || !first) continue;
    out.push({
      question,
      answer,
      samples,
      paraphraseAnswers: (r.perb_evaluations as unknown[]).map(text),
      paraphrases: (r.question_perturb as unknown[]).map((p) => text(p).replace(/^\s*\d+[.)]\s*/, "")),
      hallucinated: first !== (set === "prime" ? "yes" : "no"),
    });
  }
  return out;
}

function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

export interface LabelledAnswer {
  question: string;
  answer: string;
  correct: string[];
  incorrect: string[];
  /** Human judgement, binarised (see truthLabel); undefined for labels that say neither. */
  truthful?: boolean;
  label: string;
}

/**
 * TruthfulQA's human labels, binarised as the paper scores them: "True: fact", "True: tautology",
 * "Mostly true", "Qualified truth", "TRUE" and "Unknown" (no comment, which the paper counts as true)
 * are true; "False", "Mostly untrue" and "Contradiction" are false; "Sometimes true", "Mixed true/false",
 * "Subjective" and "No truth value" are left out.
 */
export function truthLabel(label: string): boolean | undefined {
  const l = label.trim().toLowerCase();
  if (["true: fact", "true: tautology", "mostly true", "qualified truth", "true", "unknown"].includes(l)) return true;
  if (["false", "mostly untrue", "contradiction"].includes(l)) return false;
  return undefined;
}

export function readTruthfulQaAnswers(dataDir: string, model: "ada" | "babbage"): LabelledAnswer[] {
  const rows = parse(readFileSync(join(dataDir, "gpt3-truthfulqa", `${model}.csv`), "utf8"), { columns: true, bom: true, relax_quotes: true }) as Record<string, string>[];
  const split = (s: string | undefined) =>
    (s ?? "")
      .split(";")
      .map((x) => x.trim())
      .filter(Boolean);
  return rows.map((r) => ({
    question: r.question ?? "",
    answer: (r.model_answer ?? "").trim(),
    correct: [...new Set([r.best_answer?.trim() ?? "", ...split(r.correct_answers)].filter(Boolean))],
    incorrect: split(r.incorrect_answers),
    truthful: truthLabel(r.Truthfulness ?? ""),
    label: r.Truthfulness ?? "",
  }));
}

export interface SentencePair {
  a: string;
  b: string;
  contradiction: boolean;
}

export function readChatProtect(dataDir: string): SentencePair[] {
  return readFileSync(join(dataDir, "chatprotect", "test_m3_chatgpt.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { orig: string; alt: string; tag: string })
    .map((r) => ({ a: r.orig, b: r.alt, contradiction: r.tag === "strong" }));
}
