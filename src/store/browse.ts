/**
 * Reads for browsing stored runs (the web app's tables): one page of a run's results, filtered, sorted
 * and searched in SQL so a 10k-row run answers in milliseconds without parsing stored audits; the
 * categories of a run; and one result in full (comparing two runs: compare.ts).
 */
import type { AuditResult } from "../core/types.js";
import type { Db } from "./db.js";
import { parseStored } from "./store-error.js";
import { batchRow, type BatchRow, type InputRow } from "./rows.js";

export const RESULT_SORTS = ["idx", "consistency", "question", "category", "target"] as const;
export type ResultSort = (typeof RESULT_SORTS)[number];

export interface ResultQuery {
  target?: string;
  category?: string;
  /** Keep consistency in [min, max]; rows without a score are left out when either is given. */
  min?: number;
  max?: number;
  /** Case-insensitive substring of the question. */
  search?: string;
  sort?: ResultSort;
  order?: "asc" | "desc";
  offset?: number;
  /** At most 500. */
  limit?: number;
}

export interface ResultListRow {
  idx: number;
  line: number;
  question: string;
  category: string | null;
  target: string;
  consistency: number | null;
  error: string | null;
}

const SORT_SQL: Record<ResultSort, string> = {
  idx: "r.idx",
  consistency: "r.consistency",
  question: "i.question COLLATE NOCASE",
  category: "category COLLATE NOCASE",
  target: "r.target",
};

/** One page of a run's question × target rows, and how many rows match in all. */
export function queryResults(db: Db, runId: string, query: ResultQuery = {}): { total: number; rows: ResultListRow[] } {
  const where = ["r.run_id = ?"];
  const params: (string | number)[] = [runId];
  if (query.target) where.push("r.target = ?"), params.push(query.target);
  if (query.category) where.push("json_extract(i.input, '$.category') = ?"), params.push(query.category);
  if (Number.isFinite(query.min)) where.push("r.consistency >= ?"), params.push(query.min!);
  if (Number.isFinite(query.max)) where.push("r.consistency <= ?"), params.push(query.max!);
  if (query.search) where.push("i.question LIKE ? ESCAPE '\\'"), params.push(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const from = `FROM results r JOIN items i ON i.run_id = r.run_id AND i.idx = r.idx WHERE ${where.join(" AND ")}`;
  const { total } = db.prepare(`SELECT count(*) AS total ${from}`).get(...params) as { total: number };
  const sort = (RESULT_SORTS as readonly string[]).includes(query.sort ?? "") ? SORT_SQL[query.sort!] : SORT_SQL.idx;
  const order = query.order === "desc" ? "DESC" : "ASC";
  const whole = (x: number | undefined, fallback: number) => (Number.isFinite(x) ? Math.trunc(x!) : fallback);
  // Unscored rows sort last whichever the direction; ties keep input order.
  const rows = db
    .prepare(
      `SELECT r.idx, coalesce(i.line, r.idx + 1) AS line, i.question, json_extract(i.input, '$.category') AS category, r.target, r.consistency,
              CASE WHEN r.consistency IS NULL THEN json_extract(r.result, '$.error') END AS error
       ${from} ORDER BY (${sort}) IS NULL, ${sort} ${order}, r.idx, r.target LIMIT ? OFFSET ?`,
    )
    .all(...params, Math.min(Math.max(whole(query.limit, 100), 1), 500), Math.max(whole(query.offset, 0), 0)) as ResultListRow[];
  return { total, rows };
}

/** A run's categories with their number of questions, most frequent first. */
export function runCategories(db: Db, runId: string): { category: string; questions: number }[] {
  return db
    .prepare(
      `SELECT json_extract(input, '$.category') AS category, count(*) AS questions FROM items
       WHERE run_id = ? AND category IS NOT NULL GROUP BY category ORDER BY questions DESC, category`,
    )
    .all(runId) as { category: string; questions: number }[];
}

/** One question × target in full (the audit, or its error). */
export function getResultRow(db: Db, runId: string, idx: number, target: string): BatchRow | undefined {
  const raw = db
    .prepare(
      `SELECT i.idx, i.question, i.meta, i.line, i.input, r.result FROM results r JOIN items i ON i.run_id = r.run_id AND i.idx = r.idx
       WHERE r.run_id = ? AND r.idx = ? AND r.target = ?`,
    )
    .get(runId, idx, target) as { idx: number; question: string; meta: string | null; line: number | null; input: string | null; result: string } | undefined;
  if (!raw) return undefined;
  const given = (raw.input ? parseStored(raw.input, "input of a question", db.name) : {}) as Partial<InputRow>;
  const row: InputRow = { line: raw.line ?? raw.idx + 1, question: raw.question, meta: raw.meta ? parseStored(raw.meta, "metadata of a question", db.name) : {}, ...given };
  const stored = parseStored(raw.result, "result of a question", db.name) as AuditResult | { error: string };
  return batchRow(raw.idx, row, target, "scores" in stored ? { result: stored } : { error: stored.error });
}
