/**
 * Accuracy benchmark: every scoring signal of auditllm on the labelled data in ../shared/data (see its
 * README), one table per metric with the published anchors beside it. Nothing here is fitted: the
 * embedded metrics were fitted on STS-B train only (bench/fit-similarity.ts), the thresholds are the
 * paper's 0.60, and the rule-based contradiction check has no parameters learnt from data.
 *   npm run bench:accuracy          (data: ../shared/data or $AUDITLLM_SHARED_DATA; cache: $AUDITLLM_CACHE)
 * Every fitted sentence encoder in the model cache (`npm run models`: all-mpnet-base-v2, all-MiniLM-L6-v2)
 * adds four tables: `transformer:` and `bertscore:` on the STS scale (maps fitted on STS-B train,
 * bench/fit-encoders.ts) and raw (`-raw`). AUDITLLM_TRANSFORMER_MODEL=<folder or cached hub id> measures
 * that model instead. Token states are memoised on disk (bench/token-store.ts): the first run encodes
 * every text once (long: ~45k texts), later runs only score. AUDITLLM_BENCH_METRICS=<name,…> keeps the
 * tables of the metrics whose names contain one of these (e.g. hybrid,all-mpnet); --prefill only encodes.
 * A last table compares the metrics on the main tasks, and one measures the time to score a question's
 * 11 answers on this machine (AUDITLLM_BENCH_SPEED=0 leaves it out).
 */
import { cacheDir } from "../config/paths.js";
import { agreement } from "../core/agreement.js";
import { answerClusters, claimSupport, clusterEntropy } from "../core/meaning.js";
import { DISSIMILAR_THRESHOLD, mean, scoreMatrix } from "../core/scores.js";
import { truthfulness } from "../core/truthfulness.js";
import { conflicts } from "../similarity/conflict.js";
import { join } from "node:path";
import { createBertScoreMetric, createMetric, createTransformerMetric, METRIC_NAMES } from "../similarity/index.js";
import { cachedEncoders } from "../similarity/encoder-cache.js";
import { encoderKey } from "../similarity/encoder-map.js";
import { splitSentences } from "../similarity/sentences.js";
import { modelFolder, transformerModel } from "../similarity/transformer-model.js";
import { storeDir, tokenStore } from "./token-store.js";
import { stem } from "../similarity/stem.js";
import { tokenize } from "../similarity/tokenize.js";
import type { SimilarityMetric } from "../similarity/types.js";
import { sharedDataDir } from "../testing/paths.js";
import { readChatProtect, readSac3, readSac3Classification, readTruthfulQaAnswers, type LabelledAnswer } from "./accuracy-data.js";
import { benchFiles, readMrpc, readSts } from "./datasets.js";
import { auroc, averagePrecision, spearman } from "./stats.js";
import { readWikiBio } from "./wikibio.js";

const data = sharedDataDir();
if (!data) {
  console.error("bench:accuracy needs the shared data folder (../shared/data beside the project, or set AUDITLLM_SHARED_DATA).");
  process.exit(1);
}
const started = performance.now();
const files = benchFiles(data);
const sts = readSts(files.stsDev);
const mrpc = readMrpc(files.mrpcTrain);
const sac3 = readSac3(data);
const sac3Classification = [
  ["PRIME (is n prime?)", readSac3Classification(data, "prime")],
  ["SENATOR (was there a senator…?)", readSac3Classification(data, "senator")],
] as const;
const bios = readWikiBio(data);
const claims = bios.flatMap((b) => b.sentences.map((text, i) => ({ text, samples: b.samples, nonFactual: b.nonFactualSentence[i]! })));
const truthfulQa = { ada: readTruthfulQaAnswers(data, "ada"), babbage: readTruthfulQaAnswers(data, "babbage") };
const chatProtect = readChatProtect(data);
const x100 = (x: number) => (100 * x).toFixed(1);
const labels = (xs: boolean[]) => xs.map((x) => (x ? 1 : 0));

interface Row {
  task: string;
  measure: string;
  n: number;
  ours: string;
  anchors: string;
}

function printTable(title: string, rows: Row[]): void {
  console.log(`\n### ${title}\n\n| task | measure | n | auditllm | published anchors |\n|---|---|---:|---:|---|`);
  for (const r of rows) console.log(`| ${r.task} | ${r.measure} | ${r.n} | **${r.ours}** | ${r.anchors} |`);
}

/** Answers with the prompt each answered (undefined: the question itself). */
type Answered = { texts: string[]; prompts: (string | undefined)[] };

const answered = (texts: string[], prompts?: string[]): Answered => ({ texts, prompts: prompts ?? texts.map(() => undefined) });

/** Consistency as the product computes it: answer-focused agreement, non-answers left apart (core/agreement.ts, scores.ts). */
async function consistency(metric: SimilarityMetric, a: Answered, question: string): Promise<number> {
  const found = await agreement(a.texts, metric, { question, prompts: a.prompts });
  return scoreMatrix(found.pairwise, { metric: metric.name, nonAnswers: found.nonAnswers }).consistency!;
}

/** Mean pairwise similarity of the metric alone (the scores before answer focus, for comparison). */
async function plainConsistency(metric: SimilarityMetric, a: Answered): Promise<number> {
  const m = await metric.pairwise(a.texts);
  const values: number[] = [];
  for (let i = 0; i < m.length; i++) for (let j = i + 1; j < m.length; j++) values.push(m[i]![j]!);
  return mean(values);
}

/** Meaning clusters as the product finds them (non-answers in none). */
async function clusters(metric: SimilarityMetric, a: Answered, question: string): Promise<{ clusters: number[][]; answering: number }> {
  return answerClusters(await agreement(a.texts, metric, { question, prompts: a.prompts }), DISSIMILAR_THRESHOLD);
}

async function semanticEntropy(metric: SimilarityMetric, a: Answered, question: string): Promise<number> {
  const found = await clusters(metric, a, question);
  return clusterEntropy(found.clusters, found.answering);
}

/** AUROC ×100 of truthfulness (mean over answers is the answer itself here) for predicting a truthful label. */
async function truthfulnessAuroc(metric: SimilarityMetric, rows: LabelledAnswer[]): Promise<{ value: string; n: number }> {
  const usable = rows.filter((r) => r.truthful !== undefined && r.answer && (r.correct.length || r.incorrect.length));
  const scores: number[] = [];
  for (const r of usable) scores.push((await truthfulness([r.answer], r, metric, { question: r.question }))![0]!);
  return { value: x100(auroc(scores, labels(usable.map((r) => r.truthful!)))), n: usable.length };
}

/** The data sets, in the order the tables measure them; a metric may be measured on some only (AUDITLLM_BENCH_TASKS). */
const TASKS = ["sac3", "sac3sets", "wikibio", "sts", "truthfulqa", "mrpc", "chatprotect"] as const;
type Task = (typeof TASKS)[number];
const NOT_MEASURED = "not measured";

async function metricRows(metric: SimilarityMetric, tasks: readonly Task[] = TASKS): Promise<Row[]> {
  const rows: Row[] = [];
  const pair = async (a: string, b: string) => (await metric.cross([a], [b]))[0]![0]!;
  const on = (task: Task) => tasks.includes(task);

  const stsScores: number[] = [];
  if (on("sts")) for (const p of sts) stsScores.push(await pair(p.s1, p.s2));
  rows.push({
    task: "STS-B dev",
    measure: "Spearman ×100 vs human similarity",
    n: sts.length,
    ours: on("sts")
      ? x100(
          spearman(
            stsScores,
            sts.map((p) => p.score),
          ),
        )
      : NOT_MEASURED,
    anchors: "avg GloVe ≈ 55–58, SIF ≈ 72, all-mpnet-base-v2 ≈ 83+ (test split)",
  });

  const mrpcScores: number[] = [];
  if (on("mrpc")) for (const p of mrpc) mrpcScores.push(await pair(p.s1, p.s2));
  rows.push({
    task: "MRPC train",
    measure: "AUROC ×100, paraphrase vs not",
    n: mrpc.length,
    ours: on("mrpc")
      ? x100(
          auroc(
            mrpcScores,
            mrpc.map((p) => p.score),
          ),
        )
      : NOT_MEASURED,
    anchors: "–",
  });

  const hallucinated = labels(sac3.map((q) => q.hallucinated));
  const self = (q: (typeof sac3)[number]) => answered([q.answer, ...q.samples]);
  const para = (q: (typeof sac3)[number]) => answered([q.answer, ...q.paraphraseAnswers], [q.question, ...q.paraphrases]);
  const all = (q: (typeof sac3)[number]) => answered([q.answer, ...q.samples, ...q.paraphraseAnswers], [q.question, ...q.samples.map(() => q.question), ...q.paraphrases]);
  const sac3Rows: [string, (q: (typeof sac3)[number]) => Promise<number>][] = [
    ["1 − consistency of the answer + 10 samples", async (q) => -(await consistency(metric, self(q), q.question))],
    ["1 − consistency of the answer + 10 paraphrase answers", async (q) => -(await consistency(metric, para(q), q.question))],
    ["1 − consistency of all 21 answers", async (q) => -(await consistency(metric, all(q), q.question))],
    ["semantic entropy of the answer + 10 samples", (q) => semanticEntropy(metric, self(q), q.question)],
    ["semantic entropy of the answer + 10 paraphrase answers", (q) => semanticEntropy(metric, para(q), q.question)],
    ["semantic entropy of all 21 answers", (q) => semanticEntropy(metric, all(q), q.question)],
  ];
  for (const [measure, score] of sac3Rows) {
    const scores: number[] = [];
    if (on("sac3")) for (const q of sac3) scores.push(await score(q));
    rows.push({
      task: "SAC3 NQ-open",
      measure: `AUROC ×100 of ${measure}, predicting a wrong answer`,
      n: sac3.length,
      ours: on("sac3") ? x100(auroc(scores, hallucinated)) : NOT_MEASURED,
      anchors: "self-consistency 70.5 → SAC3 77.2 (NQ-open-halu)",
    });
  }
  for (const [measure, of] of [
    ["answer + 10 samples", self],
    ["answer + 10 paraphrase answers", para],
  ] as const) {
    const plain: number[] = [];
    if (on("sac3")) for (const q of sac3) plain.push(-(await plainConsistency(metric, of(q))));
    rows.push({
      task: "SAC3 NQ-open",
      measure: `AUROC ×100 of 1 − the metric's plain mean similarity (no answer focus), ${measure}`,
      n: sac3.length,
      ours: on("sac3") ? x100(auroc(plain, hallucinated)) : NOT_MEASURED,
      anchors: "–",
    });
  }
  for (const [name, set] of sac3Classification) {
    const wrong = labels(set.map((q) => q.hallucinated));
    for (const [measure, of] of [
      ["1 − consistency of the answer + 9 samples", self],
      ["1 − consistency of the answer + 10 paraphrase answers", para],
    ] as const) {
      const scores: number[] = [];
      const plain: number[] = [];
      for (const q of on("sac3sets") ? set : []) {
        scores.push(-(await consistency(metric, of(q), q.question)));
        plain.push(-(await plainConsistency(metric, of(q))));
      }
      const task = `SAC3 ${name}`;
      rows.push({
        task,
        measure: `AUROC ×100 of ${measure}, predicting a wrong answer (${Math.round(mean(wrong) * 100)}% wrong)`,
        n: set.length,
        ours: on("sac3sets") ? x100(auroc(scores, wrong)) : NOT_MEASURED,
        anchors: "held out: nothing was tuned on this set",
      });
      rows.push({ task, measure: "the same from the metric's plain similarity (no answer focus)", n: set.length, ours: on("sac3sets") ? x100(auroc(plain, wrong)) : NOT_MEASURED, anchors: "–" });
    }
  }
  const correct = sac3.filter((q) => !q.hallucinated);
  const distinct: number[] = [];
  if (on("sac3")) for (const q of correct) distinct.push((await clusters(metric, para(q), q.question)).clusters.length);
  rows.push({
    task: "SAC3 NQ-open",
    measure: "mean distinct answers (meaning clusters) among the answer + 10 paraphrase answers, questions answered correctly",
    n: correct.length,
    ours: on("sac3") ? mean(distinct).toFixed(2) : NOT_MEASURED,
    anchors: "1 is ideal",
  });

  const support: number[] = [];
  if (on("wikibio")) for (const bio of bios) support.push(...(await claimSupport(bio.sentences, bio.samples, metric)));
  rows.push({
    task: "SelfCheckGPT WikiBio dev (60 passages)",
    measure: "NonFact AUC-PR ×100 of 1 − sentence support by the 20 samples",
    n: claims.length,
    ours: on("wikibio")
      ? x100(
          averagePrecision(
            support.map((s) => 1 - s),
            labels(claims.map((c) => c.nonFactual)),
          ),
        )
      : NOT_MEASURED,
    anchors: "random 72.96, BERTScore 81.96, unigram 85.63, NLI 92.50, LLM prompt 93.42 (238 passages)",
  });

  // The same without the contradiction check: a metric that claims to see contradictions itself (and sees none).
  const blind: SimilarityMetric = { ...metric, contradictions: async (texts) => texts.map(() => texts.map(() => undefined)) };
  for (const model of ["ada", "babbage"] as const) {
    if (!on("truthfulqa")) {
      const n = truthfulQa[model].filter((r) => r.truthful !== undefined && r.answer && (r.correct.length || r.incorrect.length)).length;
      rows.push({ task: `TruthfulQA, GPT-3 ${model} answers`, measure: "AUROC ×100 of truthfulness vs the human label", n, ours: NOT_MEASURED, anchors: "–" });
      rows.push({ task: `TruthfulQA, GPT-3 ${model} answers`, measure: "the same, similarity only (no contradiction check)", n, ours: NOT_MEASURED, anchors: "–" });
      continue;
    }
    const { value, n } = await truthfulnessAuroc(metric, truthfulQa[model]);
    rows.push({ task: `TruthfulQA, GPT-3 ${model} answers`, measure: "AUROC ×100 of truthfulness vs the human label", n, ours: value, anchors: "–" });
    const plain = await truthfulnessAuroc(blind, truthfulQa[model]);
    rows.push({ task: `TruthfulQA, GPT-3 ${model} answers`, measure: "the same, similarity only (no contradiction check)", n, ours: plain.value, anchors: "–" });
  }

  const cpScores: number[] = [];
  if (on("chatprotect")) for (const p of chatProtect) cpScores.push(1 - (await pair(p.a, p.b)));
  rows.push({
    task: "ChatProtect (ChatGPT)",
    measure: "AUROC ×100 of 1 − similarity, predicting a self-contradiction",
    n: chatProtect.length,
    ours: on("chatprotect") ? x100(auroc(cpScores, labels(chatProtect.map((p) => p.contradiction)))) : NOT_MEASURED,
    anchors: "–",
  });
  return rows;
}

/** Rows that do not depend on a similarity metric: the rule-based contradiction check and reproduced baselines. */
function sharedRows(): Row[] {
  const rows: Row[] = [];
  const found = chatProtect.map((p) => conflicts(p.a, p.b));
  const truth = labels(chatProtect.map((p) => p.contradiction));
  rows.push({
    task: "ChatProtect (ChatGPT)",
    measure: "AUROC ×100 of the rule-based contradiction check (any conflict)",
    n: chatProtect.length,
    ours: x100(
      auroc(
        found.map((f) => (f.length ? 1 : 0)),
        truth,
      ),
    ),
    anchors: "–",
  });
  for (const kind of ["polarity", "number", "name"] as const) {
    const fired = found.map((f) => f.some((c) => c.kind === kind));
    const hits = fired.filter((x, i) => x && truth[i] === 1).length;
    const total = fired.filter(Boolean).length;
    rows.push({
      task: "ChatProtect (ChatGPT)",
      measure: `${kind} conflicts: fired / of which contradictions`,
      n: chatProtect.length,
      ours: `${total} / ${hits}`,
      anchors: `base rate ${x100(mean(truth))}%`,
    });
  }
  const nonFactual = labels(claims.map((c) => c.nonFactual));
  rows.push({
    task: "SelfCheckGPT WikiBio dev (60 passages)",
    measure: "NonFact AUC-PR ×100, random (share of non-factual sentences)",
    n: claims.length,
    ours: x100(mean(nonFactual)),
    anchors: "random 72.96 (238 passages)",
  });
  rows.push({
    task: "SelfCheckGPT WikiBio dev (60 passages)",
    measure: "NonFact AUC-PR ×100, SelfCheckGPT-unigram (max) reproduced here",
    n: claims.length,
    ours: x100(averagePrecision(unigramMax(), nonFactual)),
    anchors: "unigram (max) 85.63 (238 passages)",
  });
  return rows;
}

/** SelfCheckGPT's unigram (max) score on the same sentences: the largest −log p of a word under a unigram model of the samples and the passage (add-one smoothing). */
function unigramMax(): number[] {
  const out: number[] = [];
  for (const bio of bios) {
    const counts = new Map<string, number>();
    let total = 0;
    for (const text of [...bio.samples, bio.text]) {
      for (const w of tokenize(text).map(stem)) {
        counts.set(w, (counts.get(w) ?? 0) + 1);
        total++;
      }
    }
    for (const sentence of bio.sentences) {
      const logp = tokenize(sentence).map((w) => -Math.log(((counts.get(stem(w)) ?? 0) + 1) / (total + counts.size)));
      out.push(logp.length ? Math.max(...logp) : 0);
    }
  }
  return out;
}

console.log(`# auditllm accuracy benchmark (data: ${data})`);
printTable("Metric-independent signals and reproduced baselines", sharedRows());
const dir = cacheDir();
const modelsDir = join(dir, "models");
const only = process.env.AUDITLLM_BENCH_METRICS?.split(",")
  .map((m) => m.trim())
  .filter(Boolean);
const wanted = (name: string) => !only || only.some((o) => name === o || name.includes(o));
const metrics: SimilarityMetric[] = METRIC_NAMES.filter(wanted).map((name) => createMetric(name, { cacheDir: dir }));
const chosen = process.env.AUDITLLM_TRANSFORMER_MODEL;
const encoders = chosen ? [{ key: encoderKey(chosen), id: chosen, folder: modelFolder(chosen, modelsDir).folder }] : cachedEncoders(modelsDir);
if (encoders.length === 0) console.log("\nNo sentence encoder in the cache (npm run models): transformer and BERTScore tables left out.");
/** Every text a task's tables encode, so that the memo fills in long, length-sorted batches. */
function taskTexts(task: Task): string[] {
  const texts: Record<Task, () => string[]> = {
    sts: () => sts.flatMap((p) => [p.s1, p.s2]),
    mrpc: () => mrpc.flatMap((p) => [p.s1, p.s2]),
    chatprotect: () => chatProtect.flatMap((p) => [p.a, p.b]),
    sac3: () => sac3.flatMap((q) => [q.answer, ...q.samples, ...q.paraphraseAnswers]),
    sac3sets: () => sac3Classification.flatMap(([, set]) => set).flatMap((q) => [q.answer, ...q.samples, ...q.paraphraseAnswers]),
    wikibio: () => bios.flatMap((b) => [...b.sentences, ...b.samples, ...b.samples.flatMap(splitSentences)]),
    truthfulqa: () => [...truthfulQa.ada, ...truthfulQa.babbage].flatMap((r) => [r.answer, ...r.correct, ...r.incorrect]),
  };
  return texts[task]().filter(Boolean);
}
/** The sets to measure (AUDITLLM_BENCH_TASKS=sac3,wikibio,…; default all). */
const encoderTasks = (process.env.AUDITLLM_BENCH_TASKS?.split(",").map((t) => t.trim()) ?? TASKS).filter((t): t is Task => (TASKS as readonly string[]).includes(t));
for (const encoder of encoders) {
  if (!["transformer", "transformer-raw", "bertscore", "bertscore-raw"].some((kind) => wanted(`${kind}:${encoder.id}`))) continue;
  const store = tokenStore(transformerModel({ model: encoder.folder, cacheDir: modelsDir, batchSize: 32 }), storeDir(dir, encoder.key));
  const t = performance.now();
  for (const task of encoderTasks) {
    let reported = 0;
    await store.prefill(taskTexts(task), (done, total) => {
      if (done - reported >= 2048 || done === total) console.error(`${encoder.id} ${task}: encoded ${(reported = done)}/${total} texts (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    });
  }
  const settings = { model: encoder.id, cacheDir: modelsDir, encoder: store };
  for (const metric of [
    createTransformerMetric(settings),
    createTransformerMetric({ ...settings, scale: "raw" }),
    createBertScoreMetric(settings),
    createBertScoreMetric({ ...settings, scale: "raw" }),
  ])
    metrics.push(metric);
}
if (process.argv.includes("--prefill")) process.exit(0);
const measured: { name: string; rows: Row[] }[] = [];
for (const metric of metrics.filter((m) => wanted(m.name))) {
  const t = performance.now();
  const rows = await metricRows(metric, encoderTasks);
  measured.push({ name: metric.name, rows });
  printTable(`metric "${metric.name}" (${((performance.now() - t) / 1000).toFixed(0)} s)`, rows);
}
printSummary(measured);
if (process.env.AUDITLLM_BENCH_SPEED !== "0") await printSpeed(encoders.filter((e) => wanted(`transformer:${e.id}`) || wanted(`bertscore:${e.id}`)));
console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s.`);

/** The main rows side by side: one column per metric. */
function printSummary(all: { name: string; rows: Row[] }[]): void {
  if (all.length < 2) return;
  const keep = all[0]!.rows.map((r, i) => (/^the same|^mean distinct|semantic entropy of the answer/.test(r.measure) ? -1 : i)).filter((i) => i >= 0);
  console.log(`\n### Side by side\n\n| task | ${all.map((m) => `\`${m.name.replace(/:.*\//, ":")}\``).join(" | ")} |\n|---|${all.map(() => "---:").join("|")}|`);
  for (const i of keep) {
    const row = all[0]!.rows[i];
    if (row) console.log(`| ${row.task}: ${row.measure} | ${all.map((m) => m.rows[i]?.ours ?? "–").join(" | ")} |`);
  }
}

/** Time to score one question's 11 answers (pairwise matrix), without the memo: model load, then per question. */
async function printSpeed(list: typeof encoders): Promise<void> {
  const questions = sac3.slice(0, 20).map((q) => [q.answer, ...q.samples]);
  console.log(`\n### Speed on this machine (${questions.length} SAC3 questions, 11 answers each, scored pairwise)\n\n| metric | first use (load) | per question |\n|---|---:|---:|`);
  const candidates: SimilarityMetric[] = [createMetric("hybrid", { cacheDir: dir })];
  for (const e of list) candidates.push(createTransformerMetric({ model: e.id, cacheDir: modelsDir }), createBertScoreMetric({ model: e.id, cacheDir: modelsDir }));
  for (const metric of candidates) {
    let t = performance.now();
    await metric.pairwise(["warm up", "the model loads"]);
    const load = performance.now() - t;
    t = performance.now();
    for (const texts of questions) await metric.pairwise(texts);
    console.log(`| \`${metric.name}\` | ${(load / 1000).toFixed(1)} s | ${((performance.now() - t) / questions.length).toFixed(0)} ms |`);
  }
}
