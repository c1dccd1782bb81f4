import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createMetric } from "../similarity/index.js";
import { repoRoot, testCacheDir } from "../testing/paths.js";
import { agreement, combine, CONFLICT_CAP } from "./agreement.js";
import { analyseMeaning, claimSupport } from "./meaning.js";
import { scoreMatrix } from "./scores.js";

// The embedded metrics, as users run them (real GloVe vectors for hybrid; the cache is built once).
const metrics = (["hybrid", "lexical"] as const).map((name) => createMetric(name, { cacheDir: testCacheDir() }));

/** The first line of examples/nq-open-30.jsonl: 11 answers, all naming King James I. */
const kingJames = JSON.parse(readFileSync(join(repoRoot(), "examples", "nq-open-30.jsonl"), "utf8").split("\n")[0]!) as {
  question: string;
  probes: string[];
  responses: string[];
};

async function audit(texts: string[], metric: (typeof metrics)[number], question: string, prompts?: (string | undefined)[]) {
  const found = await agreement(texts, metric, { question, prompts });
  const scores = scoreMatrix(found.pairwise, { metric: metric.name, nonAnswers: found.nonAnswers });
  const meaning = await analyseMeaning(texts, found, metric, scores.threshold, { question, prompts });
  return { found, scores, meaning };
}

for (const metric of metrics) {
  describe(`answer-focused agreement (${metric.name})`, () => {
    it("finds one answer where every answer names King James I: one cluster, no outlier, every sentence backed", async () => {
      const { scores, meaning } = await audit(kingJames.responses, metric, kingJames.question, [undefined, ...kingJames.probes]);
      assert.equal(meaning.clusters.length, 1, `clusters ${JSON.stringify(meaning.clusters)}`);
      assert.deepEqual(scores.outliers, [], `"King James I." is no outlier (agreement ${scores.agreement.map((x) => x.toFixed(2))})`);
      assert.ok(scores.consistency! >= 0.8, `consistency ${scores.consistency}`);
      const throne = meaning.sentences[7]![0]!;
      assert.match(throne.text, /sitting on England's throne/);
      assert.ok(throne.support >= 0.8, `"James I was sitting on England's throne…" is backed (${throne.support})`);
    });

    it("puts a short answer with the longer one that contains it", async () => {
      const { meaning, found } = await audit(["Shakespeare wrote Hamlet.", "William Shakespeare.", "It was written by William Shakespeare around 1600."], metric, "Who wrote Hamlet?");
      assert.deepEqual(meaning.clusters, [[0, 1, 2]]);
      assert.ok(found.pairwise[0]![1]! >= 0.8, `Shakespeare / William Shakespeare agree (${found.pairwise[0]![1]})`);
    });

    it("tells a different answer in the same slot apart, however alike the sentences read", async () => {
      const { meaning, found } = await audit(["The ruler of England in 1616 was King James I.", "The ruler of England in 1616 was King Charles I."], metric, "who was the ruler of england in 1616");
      assert.equal(meaning.clusters.length, 2);
      assert.ok(found.pairwise[0]![1]! <= CONFLICT_CAP, `agreement ${found.pairwise[0]![1]}`);
      assert.ok(found.similarity[0]![1]! > 0.6, "the metric alone finds them alike: that is what the focus corrects");
    });

    it("backs the claim the answers make over one they do not", async () => {
      const answers = ["Hamlet was written by William Shakespeare.", "Shakespeare wrote it.", "William Shakespeare, around 1600."];
      const [marlowe, shakespeare] = await claimSupport(["Hamlet was written by Marlowe.", "Shakespeare is the author."], answers, metric, { question: "Who wrote Hamlet?" });
      assert.ok(shakespeare! > marlowe!, `Shakespeare ${shakespeare} > Marlowe ${marlowe}`);
      assert.ok(marlowe! < 0.3, `Marlowe is backed by none (${marlowe})`);
    });

    it("leaves non-answers out of consistency and clusters, and flags a question they dominate", async () => {
      const texts = ["Paris.", "The capital of France is Paris.", "As an AI language model, I cannot browse the internet.", "I don't know."];
      const { scores, meaning, found } = await audit(texts, metric, "What is the capital of France?");
      assert.deepEqual(found.nonAnswers, [
        { index: 2, kind: "refusal" },
        { index: 3, kind: "unknown" },
      ]);
      assert.deepEqual(meaning.clusters, [[0, 1]]);
      assert.equal(scores.consistency, found.pairwise[0]![1]);
      assert.equal(scores.mostlyNonAnswers, undefined, "half are non-answers: not most");
      const mostly = await audit([texts[0]!, texts[2]!, texts[3]!], metric, "What is the capital of France?");
      assert.equal(mostly.scores.mostlyNonAnswers, true);
    });

    it("behaves as the plain metric without a question", async () => {
      const texts = ["King James I.", "James I was sitting on England's throne in the year 1616."];
      const found = await agreement(texts, metric);
      assert.deepEqual(found.pairwise, await metric.pairwise(texts));
    });
  });
}

describe("combine", () => {
  it("weighs the core, caps a conflict and keeps the metric's score without a core", () => {
    assert.equal(combine(0.4, undefined, false), 0.4);
    assert.equal(combine(0.9, undefined, true), CONFLICT_CAP);
    assert.ok(combine(0.4, 1, false) > 0.8);
    assert.ok(combine(0.9, 0, false) < 0.3);
  });
});
