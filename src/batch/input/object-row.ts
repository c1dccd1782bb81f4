/**
 * A JSON Lines object as an InputRow. Keys are matched like table columns (see columns.ts); besides them
 * a `reference` key may hold `{ correct, incorrect, best }` (lists as arrays or ";"-separated strings)
 * or an array (the correct answers). Other values are kept as metadata: strings, numbers, booleans and
 * null as they are, objects and arrays as their JSON text.
 */
import type { InputItem, InputRow } from "../types.js";
import { ACCEPTED_QUESTION_NAMES, assignRoles, normalName } from "./columns.js";
import { answerList, checkedRow, reference, rowError, stringList, tryRow } from "./fields.js";

/** Roles by the line's keys: lines of a file mostly share their keys, so they are worked out once. */
const rolesCache = new Map<string, ReturnType<typeof assignRoles>>();

function rolesOf(keys: string[]): ReturnType<typeof assignRoles> {
  const signature = keys.join("\u0000");
  let roles = rolesCache.get(signature);
  if (!roles) {
    if (rolesCache.size >= 256) rolesCache.clear();
    roles = assignRoles(keys, ["reference"]);
    rolesCache.set(signature, roles);
  }
  return roles;
}

export function objectRow(object: Record<string, unknown>, line: number, maxTextLength: number): InputItem {
  return tryRow(line, () => {
    const keys = Object.keys(object);
    const { question, roles, meta, extra } = rolesOf(keys);
    const value = (index: number | undefined): unknown => (index === undefined ? undefined : object[keys[index]!]);
    if (question === undefined) rowError(`no question (no key named ${ACCEPTED_QUESTION_NAMES})`);
    const text = value(question);
    if (typeof text !== "string") rowError(`"${keys[question]}" must be a string, not ${text === null ? "null" : typeof text}`);
    if (!text.trim()) rowError(`no question ("${keys[question]}" is blank)`);
    const row: InputRow = {
      line,
      question: text,
      id: label(value(roles.id), "id"),
      category: label(value(roles.category), "category")?.trim() || undefined,
      meta: Object.fromEntries(meta.map((i) => [keys[i]!, metaValue(object[keys[i]!])])),
      reference: referenceOf(value(extra.reference), value(roles.correct), value(roles.incorrect), value(roles.best)),
      probes: stringList(value(roles.probes), "probes"),
      responses: stringList(value(roles.responses), "responses"),
    };
    return checkedRow(row, maxTextLength);
  });
}

/** An id or category: a string or number as a string; undefined when absent or null. */
function label(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" || typeof value === "number") return String(value);
  return rowError(`"${name}" must be a string or a number`);
}

function metaValue(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value) ?? null;
}

function referenceOf(nested: unknown, correct: unknown, incorrect: unknown, best: unknown) {
  if (nested !== undefined && nested !== null) {
    if (Array.isArray(nested)) return reference(answerList(nested, "reference"));
    if (typeof nested !== "object") rowError(`"reference" must be an object {correct, incorrect, best} or an array of correct answers`);
    const get = (...names: string[]) => Object.entries(nested).find(([k]) => names.includes(normalName(k)))?.[1];
    correct ??= get("correct", "correct_answers");
    incorrect ??= get("incorrect", "incorrect_answers");
    best ??= get("best", "best_answer");
  }
  if (best !== undefined && best !== null && typeof best !== "string") rowError(`the best answer must be a string`);
  return reference(answerList(correct, "correct answers"), answerList(incorrect, "incorrect answers"), best ?? undefined);
}
