// Writes examples/nq-open-30.jsonl from SAC3's NQ-open set (../shared/data/sac3/nq_open_250.json, Apache-2.0):
// the first 15 questions GPT-3.5 answered correctly and the first 15 it got wrong, in file order.
// Each line: the question, its 10 paraphrases (probes), and GPT-3.5's answer to the question followed by its
// answers to the 10 paraphrases (responses), with the human label as metadata.
import { readFileSync, writeFileSync } from "node:fs";

const source = process.argv[2] ?? new URL("../../shared/data/sac3/nq_open_250.json", import.meta.url).pathname;
const rows = JSON.parse(readFileSync(source, "utf8"));
const pick = (label) =>
  rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.label === label)
    .slice(0, 15);
const chosen = [...pick("True"), ...pick("False")].sort((a, b) => a.index - b.index);
const lines = chosen.map(({ row, index }) =>
  JSON.stringify({
    id: `nq-open-${index}`,
    question: row.question,
    probes: row.question_perturb.map((p) => p.replace(/^\s*\d+\.\s*/, "")),
    responses: [row.generated_answer[0], ...row.perb_evaluations],
    label: row.label === "True" ? "correct" : "hallucinated",
    right_answer: row.right_answer,
  }),
);
writeFileSync(new URL("../examples/nq-open-30.jsonl", import.meta.url), `${lines.join("\n")}\n`);
console.log(`wrote ${lines.length} lines`);
