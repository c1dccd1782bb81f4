import { hash } from "node:crypto";
import type { CallSpec } from "../core/types.js";

/**
 * The identity of a call: model, parameters, prompt and sample index. Two specs with the same key are the
 * same call (made once, answered from the journal on resume); a different sample index is a new sample.
 */
export function callKey(spec: CallSpec): string {
  const canonical = JSON.stringify([spec.model, spec.messages.map((m) => [m.role, m.content]), spec.temperature, spec.maxTokens ?? null, spec.seed ?? null, spec.sampleIndex]);
  return hash("sha256", canonical, "hex").slice(0, 32);
}
