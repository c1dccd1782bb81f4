/**
 * One line of `auditllm score` input, checked:
 * {"id", "question", "probes", "responses", "reference": {"correct", "incorrect"}, "claims"} (only responses is required).
 */
import type { References } from "../core/types.js";

export interface ScoreInput {
  id: string | number | null;
  question?: string;
  probes?: string[];
  responses: string[];
  reference?: References;
  claims?: string[];
}

export type Parsed = { ok: true; value: ScoreInput } | { ok: false; id: string | number | null; error: string };

export function parseScoreLine(line: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { ok: false, id: null, error: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, id: null, error: "expected a JSON object" };
  const row = raw as Record<string, unknown>;
  const id = typeof row.id === "string" || typeof row.id === "number" ? row.id : null;
  const fail = (error: string): Parsed => ({ ok: false, id, error });
  if (row.id !== undefined && id === null) return fail('"id" must be a string or a number');
  if (row.question !== undefined && typeof row.question !== "string") return fail('"question" must be a string');
  const probes = stringArray(row.probes, "probes");
  if (typeof probes === "string") return fail(probes);
  if (row.responses === undefined) return fail('"responses" is missing (an array of answer texts)');
  const responses = stringArray(row.responses, "responses");
  if (typeof responses === "string") return fail(responses);
  if (!responses || responses.length === 0) return fail('"responses" is empty');
  const claims = stringArray(row.claims, "claims");
  if (typeof claims === "string") return fail(claims);
  const reference = references(row.reference);
  if (typeof reference === "string") return fail(reference);
  const value: ScoreInput = { id, question: row.question as string | undefined, probes, responses };
  if (reference) value.reference = reference;
  if (claims) value.claims = claims;
  return { ok: true, value };
}

/** {"correct": [...], "incorrect": [...]} (either may be missing, not both), or an error message. */
function references(value: unknown): References | undefined | string {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return '"reference" must be an object like {"correct": ["..."], "incorrect": ["..."]}';
  const raw = value as Record<string, unknown>;
  const unknownKey = Object.keys(raw).find((k) => k !== "correct" && k !== "incorrect" && k !== "best");
  if (unknownKey) return `"reference" has an unknown field "${unknownKey}" (expected "correct" and "incorrect")`;
  const correct = stringArray(raw.correct, "reference.correct");
  if (typeof correct === "string") return correct;
  const incorrect = stringArray(raw.incorrect, "reference.incorrect");
  if (typeof incorrect === "string") return incorrect;
  const filled = (list: string[] | undefined) => (list ?? []).map((x) => x.trim()).filter(Boolean);
  const best = typeof raw.best === "string" ? [raw.best] : [];
  const right = [...new Set(filled([...best, ...(correct ?? [])]))];
  const wrong = [...new Set(filled(incorrect))];
  if (right.length === 0 && wrong.length === 0) return '"reference" has no answers: give "correct" and/or "incorrect"';
  return { correct: right, incorrect: wrong };
}

/** The array, undefined when absent, or an error message. */
function stringArray(value: unknown, name: string): string[] | undefined | string {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return `"${name}" must be an array of strings`;
  const bad = value.findIndex((v) => typeof v !== "string");
  if (bad >= 0) return `"${name}"[${bad}] is ${value[bad] === null ? "null" : typeof value[bad]}, not a string`;
  return value as string[];
}
