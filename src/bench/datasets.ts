/**
 * Readers for the benchmark data in ../shared/data: STS Benchmark (tab-separated, no header, score 0–5
 * in column 4, sentences in 5 and 6; some rows carry two extra columns, and quotes are literal) and
 * MRPC (BOM, header, Quality in column 0, strings in columns 3 and 4).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ScoredPair {
  /** STS: 0..5 human similarity; MRPC: 1 paraphrase, 0 not. */
  score: number;
  s1: string;
  s2: string;
}

function lines(path: string): string[] {
  return readFileSync(path, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
}

export function readSts(path: string): ScoredPair[] {
  return lines(path).map((line, i) => {
    const cols = line.split("\t");
    const score = Number(cols[4]);
    if (cols.length < 7 || !Number.isFinite(score)) throw new Error(`${path}:${i + 1}: not an STS row`);
    return { score, s1: cols[5]!, s2: cols[6]! };
  });
}

export function readMrpc(path: string): ScoredPair[] {
  return lines(path)
    .slice(1)
    .map((line, i) => {
      const cols = line.split("\t");
      if (cols.length < 5 || (cols[0] !== "0" && cols[0] !== "1")) throw new Error(`${path}:${i + 2}: not an MRPC row`);
      return { score: Number(cols[0]), s1: cols[3]!, s2: cols[4]! };
    });
}

/** Paths of the files inside a shared data folder. */
export function benchFiles(dataDir: string) {
  return {
    stsTrain: join(dataDir, "stsb", "sts-train.csv"),
    stsDev: join(dataDir, "stsb", "sts-dev.csv"),
    mrpcTrain: join(dataDir, "mrpc", "msr_paraphrase_train.txt"),
  };
}
