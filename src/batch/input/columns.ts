/**
 * What each column (or JSONL key) of an input means, from its name: the question, the fields lifted out
 * of the metadata (id, category, reference answers, probes, responses), and everything else as metadata.
 * Names match in any case, with spaces, "_" and "-" alike ("Correct Answers" = "correct_answers").
 */

/** Names of the question column, most preferred first. */
export const QUESTION_NAMES = ["question", "prompt", "query"] as const;

/** Roles a column can have besides the question and metadata, with the names that give them. */
const ROLE_NAMES = {
  id: ["id"],
  category: ["category"],
  correct: ["correct_answers"],
  incorrect: ["incorrect_answers"],
  best: ["best_answer"],
  probes: ["probes"],
  responses: ["responses"],
} as const;

export type Role = keyof typeof ROLE_NAMES;

/** Indices (into the names given) of the question and of each role found; the rest is metadata. */
export interface Roles {
  question?: number;
  roles: Partial<Record<Role, number>>;
  /** The other names' indices, in input order. */
  meta: number[];
}

/** Lower case, trimmed, runs of spaces, "_" and "-" as one "_". */
export const normalName = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "_");

/**
 * Gives each name its role. The question is the first of QUESTION_NAMES present. When several names
 * match a role ("ID" and "id"), the one spelled exactly as the role's name wins, else the first; the
 * others stay metadata. `extra` names roles only some readers know (JSONL's "reference").
 */
export function assignRoles(names: readonly string[], extra: readonly string[] = []): Roles & { extra: Record<string, number> } {
  const byName = new Map<string, number[]>();
  names.forEach((name, i) => {
    const key = normalName(name);
    byName.get(key)?.push(i) ?? byName.set(key, [i]);
  });
  const taken = new Set<number>();
  const pick = (wanted: string): number | undefined => {
    const matches = byName.get(wanted)?.filter((i) => !taken.has(i));
    const index = matches?.find((i) => names[i]!.trim() === wanted) ?? matches?.[0];
    if (index !== undefined) taken.add(index);
    return index;
  };
  let question: number | undefined;
  for (const name of QUESTION_NAMES) question ??= pick(name);
  const roles: Partial<Record<Role, number>> = {};
  for (const role of Object.keys(ROLE_NAMES) as Role[]) {
    for (const name of ROLE_NAMES[role]) {
      const index = roles[role] ?? pick(name);
      if (index !== undefined) roles[role] = index;
    }
  }
  const found: Record<string, number> = {};
  for (const name of extra) {
    const index = pick(name);
    if (index !== undefined) found[name] = index;
  }
  const meta = names.flatMap((_, i) => (taken.has(i) ? [] : [i]));
  return { question, roles, meta, extra: found };
}

/** Header cells as metadata keys: trimmed, a blank one named `column_<n>` (1-based), duplicates suffixed `_2`, `_3`… */
export function uniqueNames(header: readonly string[]): string[] {
  const used = new Set<string>();
  return header.map((raw, i) => {
    const base = raw.trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** The words of a "no question column" message: the names accepted. */
export const ACCEPTED_QUESTION_NAMES = `${QUESTION_NAMES.join(", ")} (any case)`;
