/**
 * Benchmark of the similarity variants: Spearman ×100 against human scores on STS-B dev, AUROC ×100 on
 * MRPC train (a sanity check: nothing is fitted on it), the calibration of the 0.60 threshold, a
 * paragraph-length check on SelfCheckGPT WikiBio, and load/speed figures.
 *   node dist/bench/similarity.js        (data: ../shared/data or $AUDITLLM_SHARED_DATA; cache: $AUDITLLM_CACHE)
 */
import { cacheDir } from "../config/paths.js";
import { ENCODER } from "../similarity/calibration.js";
import { encode, pairFeature, textFeatures, type EncoderConfig, type FeatureName, type TextFeatures } from "../similarity/features.js";
import { isGloveCacheBuilt, loadGlove } from "../similarity/glove.js";
import { createMetric, METRIC_NAMES } from "../similarity/index.js";
import { cosine, sentenceVector } from "../similarity/sentence.js";
import { tokenize } from "../similarity/tokenize.js";
import { sharedDataDir } from "../testing/paths.js";
import { benchFiles, readMrpc, readSts, type ScoredPair } from "./datasets.js";
import { auroc, firstComponent, pearson, spearman } from "./stats.js";
import { readWikiBio } from "./wikibio.js";

const data = sharedDataDir();
if (!data) throw new Error("no shared data folder (set AUDITLLM_SHARED_DATA)");
const files = benchFiles(data);
const [train, dev, mrpc] = [readSts(files.stsTrain), readSts(files.stsDev), readMrpc(files.mrpcTrain)];
const cache = cacheDir();
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

const cached = isGloveCacheBuilt(cache);
let t = performance.now();
const vectors = loadGlove({ cacheDir: cache });
console.log(
  `GloVe ${cached ? "cache loaded" : "cache built"} in ${((performance.now() - t) / 1000).toFixed(2)} s; ` + `rss ${mb(process.memoryUsage().rss)}, ${vectors.size} words × ${vectors.dims} dims\n`,
);

// Raw variants: cosines of differently built sentence vectors, and single lexical signals.
const intern = new Map<string, number>();
const memo = new Map<string, TextFeatures>();
const features = (s: string) => memo.get(s) ?? memo.set(s, textFeatures(s, intern, vectors, ENCODER)).get(s)!;
const trainSentences = [...new Set(train.flatMap((p) => [p.s1, p.s2]))];
function embeddingVariant(config: EncoderConfig, withComponent: boolean) {
  const base = { ...config, component: undefined };
  const component = withComponent ? firstComponent(trainSentences.map((s) => encode(vectors, tokenize(s), base))) : undefined;
  const full = { ...base, ...(component ? { component } : {}) };
  return (a: string, b: string) => cosine(encode(vectors, tokenize(a), full), encode(vectors, tokenize(b), full));
}
const average = (s: string) => sentenceVector(vectors, tokenize(s), { weighting: "uniform", oov: "skip" });
const signal = (name: FeatureName) => (a: string, b: string) => pairFeature(name, features(a), features(b));
const paper: EncoderConfig = { a: 1e-3, oov: "skip", dropStopWords: false };
const { component: _, ...tuned } = ENCODER;
const variants: [string, (a: string, b: string) => number][] = [
  ["avg GloVe (all words)", (a, b) => cosine(average(a), average(b))],
  ["SIF a=1e-3 (paper setup)", embeddingVariant(paper, false)],
  ["SIF a=1e-3 + component removal", embeddingVariant(paper, true)],
  [`SIF tuned (a=${tuned.a}, stop words out, hashed OOV)`, embeddingVariant(tuned, false)],
  ["SIF tuned + component removal (= glove cosine)", signal("cosine")],
  ["content-word F1", signal("tokenF1")],
  ["rarity-weighted content-word F1", signal("weightedF1")],
  ["char 3-gram Dice", signal("charDice")],
  ["ROUGE-L", signal("rougeL")],
];

const row = (name: string, scores: (p: ScoredPair) => Promise<number> | number) => async () => {
  const [d, m] = [await Promise.all(dev.map(scores)), await Promise.all(mrpc.map(scores))];
  const human = dev.map((p) => p.score);
  return {
    name,
    d,
    cells: [
      100 * spearman(d, human),
      100 * pearson(d, human),
      100 *
        auroc(
          m,
          mrpc.map((p) => p.score),
        ),
    ],
  };
};
const rows = [
  ...variants.map(([name, f]) => row(name, (p) => f(p.s1, p.s2))),
  ...METRIC_NAMES.map((name) => {
    const metric = createMetric(name, { cacheDir: cache });
    return row(`metric "${name}" (calibrated)`, async (p) => (await metric.cross([p.s1], [p.s2]))[0]![0]!);
  }),
];
console.log("| variant | STS-B dev Spearman | STS-B dev Pearson | MRPC train AUROC |\n|---|---:|---:|---:|");
const results = [];
for (const make of rows) {
  const r = await make();
  results.push(r);
  console.log(`| ${r.name} | ${r.cells.map((c) => c.toFixed(1)).join(" | ")} |`);
}

// Calibration of the default metric on dev: does 0.60 mean "STS 3.0"?
const hybrid = results.find((r) => r.name.includes('"hybrid"'))!.d;
console.log("\nhybrid on STS-B dev: predicted bin → n, mean predicted, mean human/5");
for (const [lo, hi] of [
  [0, 0.2],
  [0.2, 0.4],
  [0.4, 0.5],
  [0.5, 0.6],
  [0.6, 0.7],
  [0.7, 0.8],
  [0.8, 1.01],
] as const) {
  const idx = hybrid.map((_, i) => i).filter((i) => hybrid[i]! >= lo && hybrid[i]! < hi);
  const avg = (f: (i: number) => number) => (idx.reduce((s, i) => s + f(i), 0) / idx.length).toFixed(2);
  console.log(`  [${lo.toFixed(1)}, ${Math.min(hi, 1).toFixed(1)}${hi > 1 ? "]" : ")"}: ${idx.length}, ${avg((i) => hybrid[i]!)}, ${avg((i) => dev[i]!.score / 5)}`);
}
const agree = hybrid.filter((s, i) => s >= 0.6 === dev[i]!.score >= 3).length / dev.length;
const mae = hybrid.reduce((s, x, i) => s + Math.abs(x - dev[i]!.score / 5), 0) / dev.length;
console.log(`  threshold 0.60 vs human ≥ 3.0 agree on ${(100 * agree).toFixed(1)}% of pairs; mean |error| ${mae.toFixed(3)}`);

// Paragraphs: WikiBio passages vs their own samples (same question) and vs other people's.
const bios = readWikiBio(data);
console.log(
  "\nWikiBio (60 GPT-3 passages × 20 samples): mean score same-person / other-person, passage Spearman ×100 of\n" +
    "consistency (mean score of passage vs its samples) against human accuracy (1 − non-factual share)",
);
for (const name of METRIC_NAMES) {
  const metric = createMetric(name, { cacheDir: cache });
  const consistency = await Promise.all(bios.map(async (b) => mean((await metric.cross([b.text], b.samples))[0]!)));
  const other = await Promise.all(bios.map(async (b, i) => (await metric.cross([b.samples[0]!], [bios[(i + 1) % bios.length]!.samples[0]!]))[0]![0]!));
  const rho = spearman(
    consistency,
    bios.map((b) => 1 - b.nonFactual),
  );
  console.log(`  ${name.padEnd(8)} same ${mean(consistency).toFixed(3)}  other ${mean(other).toFixed(3)}  Spearman ${(100 * rho).toFixed(1)}`);
}

const texts = bios.slice(0, 3).flatMap((b) => b.samples);
const metric = createMetric("hybrid", { cacheDir: cache });
t = performance.now();
await metric.pairwise(texts);
console.log(`\nhybrid pairwise of ${texts.length} paragraphs (${Math.round(mean(texts.map((s) => s.length)))} chars each): ${(performance.now() - t).toFixed(0)} ms`);

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
