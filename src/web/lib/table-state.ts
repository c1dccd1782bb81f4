/**
 * The results table's state — sort, filters, search and page — as plain data that round-trips through the
 * address bar (`?sort=consistency&order=asc&category=Health&page=2`), so a reload or the back button from a
 * question's page finds the table as it was. Pure functions.
 */
import type { ResultSortKey, ResultsQuery } from "../../server/api-types.js";

export interface TableState {
  sort: ResultSortKey;
  order: "asc" | "desc";
  target: string;
  category: string;
  /** Score range as typed ("" = no bound). */
  min: string;
  max: string;
  search: string;
  /** 0-based. */
  page: number;
  size: number;
}

export const PAGE_SIZES = [25, 50, 100, 200];
const SORTS: ResultSortKey[] = ["idx", "consistency", "question", "category", "target"];

export const initialTable: TableState = { sort: "idx", order: "asc", target: "", category: "", min: "", max: "", search: "", page: 0, size: 50 };

export function tableFromQuery(search: string): TableState {
  const q = new URLSearchParams(search);
  const sort = q.get("sort") as ResultSortKey | null;
  const size = Number(q.get("size"));
  const page = Number(q.get("page"));
  return {
    sort: sort && SORTS.includes(sort) ? sort : initialTable.sort,
    order: q.get("order") === "desc" ? "desc" : "asc",
    target: q.get("target") ?? "",
    category: q.get("category") ?? "",
    min: q.get("min") ?? "",
    max: q.get("max") ?? "",
    search: q.get("search") ?? "",
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
    size: PAGE_SIZES.includes(size) ? size : initialTable.size,
  };
}

/** The query string of a state: only what differs from the defaults; pages counted from 1. */
export function tableToQuery(state: TableState): string {
  const q = new URLSearchParams();
  for (const key of ["sort", "order", "target", "category", "min", "max", "search"] as const) {
    if (state[key] !== initialTable[key]) q.set(key, state[key]);
  }
  if (state.page > 0) q.set("page", String(state.page + 1));
  if (state.size !== initialTable.size) q.set("size", String(state.size));
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** A score bound as typed: a number in 0..1, or undefined (blank or not a number). */
export function bound(text: string): number | undefined {
  const value = Number(text.trim().replace(",", "."));
  return text.trim() !== "" && Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}

export function toResultsQuery(state: TableState): ResultsQuery {
  return {
    sort: state.sort,
    order: state.order,
    target: state.target || undefined,
    category: state.category || undefined,
    min: bound(state.min),
    max: bound(state.max),
    search: state.search.trim() || undefined,
    offset: state.page * state.size,
    limit: state.size,
  };
}

/** Clicking a column: sorts by it (scores start lowest first, text A→Z), or flips the order if it is the sort already. */
export function sortBy(state: TableState, key: ResultSortKey): TableState {
  if (state.sort === key) return { ...state, order: state.order === "asc" ? "desc" : "asc", page: 0 };
  return { ...state, sort: key, order: "asc", page: 0 };
}

export const filtered = (s: TableState) => Boolean(s.target || s.category || s.min || s.max || s.search.trim());
