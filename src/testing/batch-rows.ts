/**
 * Test helpers: AuditResults scored by the real core (scoreMatrix) from answers and a similarity matrix the
 * test chooses, BatchRows and run info around them, and a realistic synthetic run (quiz questions whose
 * answers are right, wrong, hedged or refusals; similarities drawn from those stances). Not shipped API.
 */
import type { BatchRow, BatchRunInfo, ReportSource } from "../report/batch/types.js";
import { DISSIMILAR_THRESHOLD, scoreMatrix } from "../core/scores.js";
import type { Answer, AuditResult } from "../core/types.js";
import { seededRandom } from "../report/batch/reservoir.js";
import { FAMILIES, REFUSALS } from "./quiz-questions.js";

export interface ResultSpec {
  question: string;
  target: string;
  probes: { text: string; relevance: number }[];
  /** One per prompt × sample, prompt-major (Q's samples, then P1's, …); null marks a failed call. */
  answers: (string | null)[];
  /** Similarity of the successful answers, in their order. */
  pairwise: number[][];
  samples?: number;
  probeCount?: number;
}

export function auditResult(spec: ResultSpec): AuditResult {
  const samples = spec.samples ?? 1;
  const prompts = [spec.question, ...spec.probes.map((p) => p.text)];
  const answers: Answer[] = spec.answers.map((text, i) => {
    const promptIndex = Math.floor(i / samples);
    const base = { promptIndex, prompt: prompts[promptIndex], sampleIndex: i % samples };
    return text === null ? { ...base, error: { kind: "timeout", message: "The call timed out after 120 s." } } : { ...base, text, finishReason: "stop" };
  });
  const ok = answers.map((a, i) => i).filter((i) => answers[i].text !== undefined);
  const scores = scoreMatrix(spec.pairwise, { metric: "hybrid", promptOf: samples > 1 ? ok.map((i) => answers[i].promptIndex) : undefined, scored: ok });
  scores.agreement.forEach((value, k) => (answers[ok[k]].agreement = value));
  const config = {
    target: spec.target,
    prober: "ollama:qwen2.5:7b",
    probeCount: spec.probeCount ?? spec.probes.length,
    samples,
    temperature: 0.5,
    proberTemperature: 0,
    maxTokens: 512,
    diversity: "medium" as const,
  };
  return { question: spec.question, config, probes: spec.probes.map((p) => ({ ...p, source: "generated" as const })), droppedProbes: [], answers, scores, warnings: [] };
}

export function runInfo(overrides: Partial<BatchRunInfo> = {}): BatchRunInfo {
  return {
    id: "20261128-101500-b7c2e1",
    createdAt: "2026-11-28T10:15:00.000Z",
    finishedAt: "2026-11-28T11:02:41.000Z",
    status: "finished",
    input: "questions.csv",
    targets: ["ollama:llama3.2:3b", "ollama:qwen2.5:7b"],
    prober: "ollama:qwen2.5:7b",
    metric: "hybrid",
    metaColumns: ["source"],
    skipped: [],
    threshold: DISSIMILAR_THRESHOLD,
    ...overrides,
  };
}

export function sourceOf(run: BatchRunInfo, rows: Iterable<BatchRow> | (() => Iterable<BatchRow>)): ReportSource {
  return {
    run,
    async *rows() {
      yield* typeof rows === "function" ? rows() : rows;
    },
  };
}

type Stance = "right" | "wrong" | "hedge" | "refusal";
const SIM: Record<string, [number, number]> = {
  "right right": [0.74, 0.95],
  "wrong wrong": [0.7, 0.92],
  "hedge hedge": [0.8, 0.95],
  "refusal refusal": [0.5, 0.7],
  "right wrong": [0.22, 0.45],
  "hedge right": [0.55, 0.72],
  "hedge wrong": [0.4, 0.56],
  "refusal right": [0.03, 0.14],
  "refusal wrong": [0.03, 0.14],
  "hedge refusal": [0.05, 0.15],
};

const QUIZ = FAMILIES.flatMap((f) => f.items.map((item) => ({ f, item })));
export const QUIZ_QUESTIONS = QUIZ.length;

/** Question idx of the quiz set (it repeats past QUIZ_QUESTIONS): text, category, probes with relevance, and answers from one target. */
export function quizRow(idx: number, target: string, targetIndex: number, options: { errorRate?: number; line?: number } = {}): BatchRow {
  const { f, item } = QUIZ[idx % QUIZ.length];
  const [s, a, w] = item.split("|");
  const rand = seededRandom(idx * 7919 + targetIndex * 104729 + 1);
  const question = f.question(s);
  const hard = rand() < 0.25 ? 3 + rand() * 3 : 1;
  const pWrong = Math.min(0.6, (options.errorRate ?? [0.1, 0.05, 0.08][targetIndex % 3]) * hard);
  const probes = f.probes.map((p) => ({ text: p(s), relevance: Math.round((0.5 + rand() * 0.42) * 10000) / 10000 }));
  const stances: Stance[] = [question, ...probes].map(() => {
    const r = rand();
    return r < 0.025 ? "refusal" : r < 0.025 + pWrong ? "wrong" : r < 0.07 + pWrong ? "hedge" : "right";
  });
  const answers = stances.map((st, i) =>
    st === "right" ? f.right[i % f.right.length](s, a) : st === "wrong" ? f.wrong[i % f.wrong.length](s, w) : st === "hedge" ? f.hedge(s, a, w) : REFUSALS[i % 2],
  );
  const pairwise = stances.map(() => stances.map(() => 1));
  for (let i = 0; i < stances.length; i++)
    for (let j = i + 1; j < stances.length; j++) {
      const [lo, hi] = SIM[[stances[i], stances[j]].sort().join(" ")];
      pairwise[i][j] = pairwise[j][i] = Math.round((lo + rand() * (hi - lo)) * 10000) / 10000;
    }
  const row: BatchRow = { idx, line: options.line ?? idx + 2, id: `q${idx + 1}`, question, category: f.category, meta: { source: "quiz" }, target };
  if (rand() < 0.01) return { ...row, error: "ollama: the call timed out after 120 s (3 attempts)." };
  return { ...row, result: auditResult({ question, target, probes, answers, pairwise }) };
}

/** A whole synthetic run: `questions` questions × the run's targets, in order of idx then target. */
export function* quizRows(run: BatchRunInfo, questions: number): Generator<BatchRow> {
  for (let idx = 0; idx < questions; idx++) for (const [t, target] of run.targets.entries()) yield quizRow(idx, target, t);
}

/** A hand-made row on the README's example question: 3 probes, 4 answers (Q is the odd one out), a matrix the test knows. */
export function fortuneRow(overrides: Partial<BatchRow> & { pairwise?: number[][]; answers?: (string | null)[]; probeCount?: number; target?: string } = {}): BatchRow {
  const { pairwise, answers, probeCount, ...rest } = overrides;
  const target = rest.target ?? "ollama:llama3.2:3b";
  const question = rest.question ?? "Where did fortune cookies originate?";
  const probes = [
    { text: "What is the origin of fortune cookies?", relevance: 0.81 },
    { text: "Where were fortune cookies first made?", relevance: 0.74 },
    { text: "Which country do fortune cookies come from?", relevance: 0.62 },
  ];
  const texts = answers ?? [
    "Fortune cookies come from China, where they were eaten during the Moon Festival.",
    "Fortune cookies originated in California in the early 20th century, probably from Japanese bakers.",
    "They were first made in San Francisco or Los Angeles, likely by Japanese immigrants.",
    "Fortune cookies were popularised in California; their roots are in Japanese tsujiura senbei.",
  ];
  const matrix = pairwise ?? [
    [1, 0.12, 0.08, 0.05],
    [0.12, 1, 0.82, 0.77],
    [0.08, 0.82, 1, 0.71],
    [0.05, 0.77, 0.71, 1],
  ];
  const result = auditResult({ question, target, probes, answers: texts, pairwise: matrix, probeCount });
  return { idx: 0, line: 2, id: "fc-1", question, category: "Misconceptions", meta: { source: "TruthfulQA" }, target, result, ...rest };
}

/** Markup that would run script if it ever reached the page unescaped (each tries to set window.__xss). */
export const XSS_PAYLOADS = [`<img src=x onerror="window.__xss=1">`, `<script>window.__xss=2</script>`, `"'><svg onload="window.__xss=3">`] as const;

/** A run with the payloads in every field a user, an input file or an LLM controls. */
export function hostileRun(): { run: BatchRunInfo; rows: BatchRow[] } {
  const [img, script, svg] = XSS_PAYLOADS;
  const run = runInfo({
    id: `run${svg}`,
    input: `in${img}.csv`,
    prober: `p${script}`,
    metric: `m${svg}`,
    targets: [`t1${img}`, `t2${svg}`],
    metaColumns: [`k${script}`],
    skipped: [{ line: 9, error: `bad ${script}` }],
  });
  const rows: BatchRow[] = [];
  for (let idx = 0; idx < 3; idx++) {
    for (const target of run.targets) {
      const similarity = 0.2 + idx / 10;
      const result = auditResult({
        question: `Q${img}${idx}`,
        target,
        probes: [
          { text: `P${script}`, relevance: 0.7 },
          { text: `P${svg}`, relevance: 0.6 },
        ],
        answers: [`A${img}`, `A${script}`, null],
        pairwise: [
          [1, similarity],
          [similarity, 1],
        ],
      });
      result.answers[2].error = { kind: "server", message: `failed ${svg}` };
      rows.push({ idx, line: idx + 2, id: `id${svg}`, question: `Q${img}${idx}`, category: `C${script}`, meta: { [`k${script}`]: `v${img}` }, target, result });
    }
  }
  rows.push({ idx: 3, line: 5, question: `Q${svg}`, meta: {}, target: run.targets[0], error: `E${img}` });
  return { run, rows };
}
