/**
 * Which fitted STS map applies to a model (see encoder-calibration.ts): found by the last part of its
 * folder path or hub id, lower case ("Xenova/all-mpnet-base-v2", "./models/all-mpnet-base-v2" and
 * "sentence-transformers/all-mpnet-base-v2" are the same weights). Unknown models have none: their
 * scores stay raw cosine / BERTScore, and say so.
 */
import { ENCODER_CALIBRATION, type EncoderMap } from "./encoder-calibration.js";

export type { EncoderMap } from "./encoder-calibration.js";

export function encoderKey(model: string): string {
  return model
    .replace(/[\\/]+$/, "")
    .split(/[\\/]/)
    .pop()!
    .toLowerCase();
}

export function encoderMap(model: string, kind: "transformer" | "bertscore"): EncoderMap | undefined {
  return ENCODER_CALIBRATION[encoderKey(model)]?.[kind];
}

/** The score on the STS scale, clipped to 0..1. */
export function applyMap(map: EncoderMap, x: number): number {
  const y = map.intercept + map.slope * x;
  return Number.isFinite(y) ? Math.min(1, Math.max(0, y)) : 0;
}
