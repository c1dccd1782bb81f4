/**
 * The reads behind comparing two batch runs question by question: each run's scored questions for a target,
 * paired (by `id` when both rows have one, else by the trimmed question text; a question asked twice counts
 * once, its first row), with whether the two used the same probes. The statistics are core/paired.ts's.
 */
import type { Db } from "./db.js";

export interface PairedScore {
  question: string;
  a: number;
  b: number;
  /** The two runs asked this question with different probes (texts, in order). */
  probesDiffer: boolean;
}

export interface PairedScores {
  rows: PairedScore[];
  /** Scored questions of a (b) with no partner in the other run. */
  onlyA: number;
  onlyB: number;
}

interface Scored {
  question: string;
  id: string | null;
  consistency: number;
  probes: string;
}

/** A run's scored questions for one target, in input order, with the texts of their probes (joined by newlines). */
function scored(db: Db, runId: string, target: string): Iterable<Scored> {
  return db
    .prepare(
      `SELECT trim(i.question) AS question, json_extract(i.input, '$.id') AS id, r.consistency,
              coalesce((SELECT group_concat(json_extract(p.value, '$.text'), char(10)) FROM json_each(coalesce(i.probes, '[]')) p), '') AS probes
       FROM results r JOIN items i ON i.run_id = r.run_id AND i.idx = r.idx
       WHERE r.run_id = ? AND r.target = ? AND r.consistency IS NOT NULL ORDER BY r.idx`,
    )
    .iterate(runId, target) as Iterable<Scored>;
}

/** The questions scored in both runs (a's target in a, b's in b), in a's input order. */
export function pairedScores(db: Db, a: { runId: string; target: string }, b: { runId: string; target: string }): PairedScores {
  const byId = new Map<string, Scored>();
  const byText = new Map<string, Scored>();
  for (const row of scored(db, b.runId, b.target)) {
    if (row.id !== null && !byId.has(String(row.id))) byId.set(String(row.id), row);
    if (!byText.has(row.question)) byText.set(row.question, row);
  }
  const used = new Set<Scored>();
  const seen = new Set<string>();
  const rows: PairedScore[] = [];
  let countA = 0;
  for (const row of scored(db, a.runId, a.target)) {
    const key = row.id !== null ? `id:${row.id}` : `q:${row.question}`;
    if (seen.has(key)) continue;
    seen.add(key);
    countA++;
    let partner = row.id !== null ? byId.get(String(row.id)) : undefined;
    // By text only when one side has no id: two rows with different ids are different questions.
    if (!partner) {
      const same = byText.get(row.question);
      if (same && (row.id === null || same.id === null)) partner = same;
    }
    if (!partner || used.has(partner)) continue;
    used.add(partner);
    rows.push({ question: row.question, a: row.consistency, b: partner.consistency, probesDiffer: row.probes !== partner.probes });
  }
  const countB = new Set([...byText.values(), ...byId.values()]).size;
  return { rows, onlyA: countA - rows.length, onlyB: countB - rows.length };
}

/** The targets of a run's results. */
export function runTargets(db: Db, runId: string): string[] {
  return (db.prepare("SELECT DISTINCT target FROM results WHERE run_id = ? ORDER BY target").all(runId) as { target: string }[]).map((r) => r.target);
}
