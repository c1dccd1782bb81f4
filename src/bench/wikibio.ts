/**
 * Reader for SelfCheckGPT WikiBio (../shared/data/wikibio): GPT-3 passages, 20 sampled passages each and
 * sentence labels. Used as the paragraph-length check of the similarity metrics: answers to one
 * question, where hallucinated passages disagree with their own samples.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface WikiBioPassage {
  text: string;
  samples: string[];
  /** The passage's sentences as SelfCheckGPT split them, and whether humans found each inaccurate (minor or major). */
  sentences: string[];
  nonFactualSentence: boolean[];
  /** Share of sentences humans judged inaccurate (minor = 0.5, major = 1). */
  nonFactual: number;
}

interface Row {
  gpt3_text: string;
  gpt3_sentences: string[];
  gpt3_text_samples: string[];
  annotation: string[];
}

export function readWikiBio(dataDir: string): WikiBioPassage[] {
  const rows = JSON.parse(readFileSync(join(dataDir, "wikibio", "wikibio_gpt3_dev60.json"), "utf8")) as Row[];
  const score = (a: string) => (a === "accurate" ? 0 : a === "minor_inaccurate" ? 0.5 : 1);
  return rows.map((r) => ({
    text: r.gpt3_text,
    samples: r.gpt3_text_samples,
    sentences: r.gpt3_sentences,
    nonFactualSentence: r.annotation.map((a) => a !== "accurate"),
    nonFactual: r.annotation.reduce((s, a) => s + score(a), 0) / r.annotation.length,
  }));
}
