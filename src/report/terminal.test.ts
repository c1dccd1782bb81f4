import assert from "node:assert/strict";
import test from "node:test";
import { toAuditJson } from "./audit-json.js";
import { renderTerminalReport } from "./terminal.js";
import type { AuditResult } from "../core/types.js";

/** The smallest audit result the terminal report reads: three answers, one of them apart. */
function result(): AuditResult {
  const answers = ["Q", "P1", "P2"].map((label, i) => ({ promptIndex: i, prompt: label, sampleIndex: 0, text: `answer ${label}` }));
  const pairwise = [
    [1, 0.9, 0.41],
    [0.9, 1, 0.6],
    [0.41, 0.6, 1],
  ];
  return {
    question: "Why?",
    config: { target: "t", prober: "p", probeCount: 2, samples: 1, temperature: 0.5, proberTemperature: 0, maxTokens: 100, diversity: "medium" },
    probes: [
      { text: "How come?", source: "generated", relevance: 0.8 },
      { text: "For what reason?", source: "generated", relevance: 0.7 },
    ],
    droppedProbes: [],
    answers,
    scores: { metric: "m", threshold: 0.6, consistency: 0.64, agreement: [0.66, 0.75, 0.51], pairwise, scored: [0, 1, 2], outliers: [], dissimilarPairs: [{ a: 0, b: 2, similarity: 0.41 }] },
    warnings: [],
  } as unknown as AuditResult;
}

test("without colour the similarity matrix marks dissimilar cells with ✗ (0.60 itself is not under 0.60), columns aligned", () => {
  const text = renderTerminalReport(result(), { color: false, width: 100 });
  const matrix = text.slice(text.indexOf("Similarity matrix")).split("\n").slice(0, 5);
  assert.deepEqual(matrix, ["Similarity matrix", "          Q     P1     P2", "Q      1.00   0.90   0.41✗", "P1     0.90   1.00   0.60", "P2     0.41✗  0.60   1.00"]);
  assert.doesNotMatch(text, /\x1b\[/, "no colour codes");
});

test("non-answers are named by kind instead of an agreement, and in the JSON by answer index", () => {
  const r = result();
  r.scores.nonAnswers = [{ index: r.scores.scored.length - 1, kind: "refusal" }];
  r.scores.mostlyNonAnswers = true;
  const text = renderTerminalReport(r, { color: false, width: 100 });
  assert.match(text, /Non-answers \S+ refusal ✗ mostly non-answers/);
  const json = toAuditJson(r);
  assert.deepEqual(json.nonAnswers, [{ index: r.scores.scored.at(-1), kind: "refusal" }]);
  assert.equal(json.mostlyNonAnswers, true);
});

test("an audit's JSON is the same from memory and read back from the store, NaN scores included (JSON stores them as null)", () => {
  const r = result();
  r.answers[2]!.agreement = Number.NaN;
  r.scores.agreement = [0.66, 0.75, Number.NaN];
  r.probes[1]!.relevance = Number.NaN;
  r.scores.semanticEntropy = Number.NaN;
  const stored = JSON.parse(JSON.stringify(r)) as AuditResult;
  assert.equal(JSON.stringify(toAuditJson(stored)), JSON.stringify(toAuditJson(r)));
  assert.equal(toAuditJson(stored).answers[2]!.agreement, null, "not 0: no agreement was measured");
});
