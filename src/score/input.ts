/** One line of `auditllm score` input, checked: {"id", "question", "probes", "responses"} (only responses is required). */

export interface ScoreInput {
  id: string | number | null;
  question?: string;
  probes?: string[];
  responses: string[];
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
  return { ok: true, value: { id, question: row.question as string | undefined, probes, responses } };
}

/** The array, undefined when absent, or an error message. */
function stringArray(value: unknown, name: string): string[] | undefined | string {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return `"${name}" must be an array of strings`;
  const bad = value.findIndex((v) => typeof v !== "string");
  if (bad >= 0) return `"${name}"[${bad}] is ${value[bad] === null ? "null" : typeof value[bad]}, not a string`;
  return value as string[];
}
