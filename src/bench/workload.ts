/**
 * The throughput bench's workload (issue 14), shared with the instruction count (instructions.ts): the first
 * TruthfulQA questions from ../shared/data when present, else generated questions with reference answers.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedDataDir } from "../testing/paths.js";

/** The first `questions` TruthfulQA rows (the file has no quoted newlines), else generated rows of the same shape. */
export function questionsCsv(questions: number): { csv: string; source: string } {
  const shared = sharedDataDir();
  const file = shared && join(shared, "truthfulqa.csv");
  if (file && existsSync(file)) {
    const lines = readFileSync(file, "utf8").split("\n");
    return { csv: `${lines.slice(0, questions + 1).join("\n")}\n`, source: `TruthfulQA (${file}), first ${questions} questions` };
  }
  const topics = ["owls", "the Moon", "glaciers", "copper", "the Nile", "honey bees", "volcanoes", "the piano", "tea", "comets"];
  const rows = Array.from({ length: questions }, (_, i) => {
    const topic = topics[i % topics.length];
    return `"What is a little-known fact number ${i + 1} about ${topic}?","Fact ${i + 1} about ${topic} is well documented; Nobody knows fact ${i + 1}","Fact ${i + 1} about ${topic} is a myth"`;
  });
  return { csv: `Question,Correct Answers,Incorrect Answers\n${rows.join("\n")}\n`, source: `${questions} generated questions (../shared/data is absent)` };
}

/** Probes per question and calls at once, the same for every run of the workload. */
export const PROBES = 5;
export const CONCURRENCY = 64;

/** The CLI's arguments for one batch run of the workload's `input` against the server at `baseUrl`. */
export function batchArgs(input: string, baseUrl: string, out: string): string[] {
  return ["batch", input, "-t", "openai-compatible:m", "--base-url", baseUrl, "--probes", String(PROBES), "-c", String(CONCURRENCY), "--out", out];
}
