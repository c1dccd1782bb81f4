/**
 * Fits the similarity constants on STS-B **train only** and prints src/similarity/calibration.ts:
 *   node dist/bench/fit-similarity.js > src/similarity/calibration.ts
 * (1) Choose the SIF encoder (a, unknown-word mode, stop words) by train Spearman, each candidate with
 * its own common component (first principal direction of the train sentence vectors). (2) For each
 * metric, score candidate feature sets by 5-fold cross-validated Spearman on train; reject sets whose
 * fit gives a signal a negative weight (a score must never fall when a signal rises: such weights only
 * patch collinearity on short sentences and misbehave on paragraphs); keep the fewest features within
 * 0.2 points of the best (ties: the better). (3) Least-squares fit of score/5 on all train.
 * Progress goes to stderr, the file to stdout.
 */
import { cacheDir } from "../config/paths.js";
import { encode, FEATURE_NAMES, pairFeature, textFeatures, type EncoderConfig, type FeatureName, type LinearModel } from "../similarity/features.js";
import { loadGlove } from "../similarity/glove.js";
import { cosine } from "../similarity/sentence.js";
import { tokenize } from "../similarity/tokenize.js";
import { sharedDataDir } from "../testing/paths.js";
import { benchFiles, readSts } from "./datasets.js";
import { firstComponent, leastSquares, spearman } from "./stats.js";

const CANDIDATES: Record<"glove" | "lexical" | "hybrid", FeatureName[][]> = {
  glove: [["cosine"]],
  lexical: [["tokenF1"], ["tokenF1", "charDice"], ["tokenF1", "charDice", "rougeL"]],
  hybrid: [
    ["cosine", "weightedF1"],
    ["cosine", "weightedF1", "charDice"],
    ["cosine", "tokenF1", "charDice"],
    ["cosine", "tokenF1", "weightedF1"],
    ["cosine", "tokenF1", "weightedF1", "charDice"],
    ["cosine", "weightedF1", "charDice", "rougeL"],
  ],
};

const log = (line: string) => process.stderr.write(`${line}\n`);
const data = sharedDataDir();
if (!data) throw new Error("no shared data folder (set AUDITLLM_SHARED_DATA)");
const train = readSts(benchFiles(data).stsTrain);
const vectors = loadGlove({ cacheDir: cacheDir() });
const sentences = [...new Set(train.flatMap((p) => [p.s1, p.s2]))];
const tokens = new Map(sentences.map((s) => [s, tokenize(s)]));
const gold = train.map((p) => p.score);

// (1) Encoder.
let best: { config: EncoderConfig; rho: number } | undefined;
for (const a of [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3]) {
  for (const oov of ["hash", "skip"] as const) {
    for (const dropStopWords of [false, true]) {
      const base: EncoderConfig = { a, oov, dropStopWords };
      const component = firstComponent(sentences.map((s) => encode(vectors, tokens.get(s)!, base)));
      const config = { ...base, component };
      const rho = spearman(
        train.map((p) => cosine(encode(vectors, tokens.get(p.s1)!, config), encode(vectors, tokens.get(p.s2)!, config))),
        gold,
      );
      log(`encoder a=${a} oov=${oov} dropStopWords=${dropStopWords}: train Spearman ${(100 * rho).toFixed(2)}`);
      if (!best || rho > best.rho) best = { config, rho };
    }
  }
}
const encoder = best!.config;

// (2) Feature sets by cross-validation.
const intern = new Map<string, number>();
const features = new Map(sentences.map((s) => [s, textFeatures(s, intern, vectors, encoder)]));
const table = train.map((p) => Object.fromEntries(FEATURE_NAMES.map((f) => [f, pairFeature(f, features.get(p.s1)!, features.get(p.s2)!)])) as Record<FeatureName, number>);

function fit(names: FeatureName[], rows: number[]): LinearModel {
  const w = leastSquares(
    rows.map((i) => [1, ...names.map((f) => table[i]![f])]),
    rows.map((i) => gold[i]! / 5),
  );
  return { intercept: w[0]!, weights: Object.fromEntries(names.map((f, k) => [f, w[k + 1]!])) };
}
const apply = (m: LinearModel, i: number) =>
  Math.min(
    1,
    Math.max(
      0,
      Object.entries(m.weights).reduce((y, [f, w]) => y + w * table[i]![f as FeatureName], m.intercept),
    ),
  );
function crossValidated(names: FeatureName[]): number {
  const predicted = new Array<number>(train.length);
  for (let fold = 0; fold < 5; fold++) {
    const model = fit(
      names,
      train.map((_, i) => i).filter((i) => i % 5 !== fold),
    );
    train.forEach((_, i) => i % 5 === fold && (predicted[i] = apply(model, i)));
  }
  return 100 * spearman(predicted, gold);
}

const models = {} as Record<keyof typeof CANDIDATES, { model: LinearModel; cv: number }>;
for (const [metric, sets] of Object.entries(CANDIDATES) as [keyof typeof CANDIDATES, FeatureName[][]][]) {
  const all = train.map((_, i) => i);
  const scored = sets.map((names) => {
    const model = fit(names, all);
    return { names, model, cv: crossValidated(names), monotone: Object.values(model.weights).every((w) => w >= 0) };
  });
  scored.forEach((s) => log(`${metric} ${s.names.join("+")}: 5-fold CV Spearman ${s.cv.toFixed(2)}${s.monotone ? "" : " (rejected: a negative weight)"}`));
  const eligible = scored.filter((s) => s.monotone);
  const top = Math.max(...eligible.map((s) => s.cv));
  const near = eligible.filter((s) => s.cv >= top - 0.2);
  const kept = near.sort((x, y) => x.names.length - y.names.length || y.cv - x.cv)[0]!;
  log(`${metric}: keeping ${kept.names.join("+")}`);
  models[metric] = { model: kept.model, cv: kept.cv };
}

// (3) The file.
const num = (x: number) => Number(x.toPrecision(6));
const model = (m: LinearModel) =>
  `{ intercept: ${num(m.intercept)}, weights: { ${Object.entries(m.weights)
    .map(([k, v]) => `${k}: ${num(v!)}`)
    .join(", ")} } }`;
const components = Array.from(encoder.component!, (x) => num(x));
const rows = Array.from({ length: Math.ceil(components.length / 8) }, (_, r) => `    ${components.slice(r * 8, r * 8 + 8).join(", ")},`);
process.stdout.write(`/**
 * Fitted constants of the embedded similarity metrics. Generated by src/bench/fit-similarity.ts from
 * STS-B train only (../shared/data/stsb/sts-train.csv, ${train.length} pairs): do not edit by hand, rerun
 *   node dist/bench/fit-similarity.js > src/similarity/calibration.ts
 * Models predict the human STS score / 5, clipped to 0..1 (so 0.60 ≈ STS 3.0, "roughly equivalent").
 */
import type { EncoderConfig, LinearModel } from "./features.js";

/** SIF encoder chosen by train Spearman (${(100 * best!.rho).toFixed(2)}); component = first principal direction of the train sentence vectors. */
export const ENCODER: EncoderConfig = {
  a: ${encoder.a},
  oov: "${encoder.oov}",
  dropStopWords: ${encoder.dropStopWords},
  component: [
${rows.join("\n")}
  ],
};

/** "glove": calibrated SIF cosine (train 5-fold CV Spearman ${models.glove.cv.toFixed(2)}). */
export const GLOVE_MODEL: LinearModel = ${model(models.glove.model)};

/** "lexical": no word vectors needed (train 5-fold CV Spearman ${models.lexical.cv.toFixed(2)}). */
export const LEXICAL_MODEL: LinearModel = ${model(models.lexical.model)};

/** "hybrid", the default (train 5-fold CV Spearman ${models.hybrid.cv.toFixed(2)}). */
export const HYBRID_MODEL: LinearModel = ${model(models.hybrid.model)};
`);
