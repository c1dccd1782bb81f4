/** Rows of a table (CSV, TSV, XLSX): the header read once into a layout, then each row's cells into an InputRow. */
import type { InputItem, InputRow } from "../types.js";
import { ACCEPTED_QUESTION_NAMES, assignRoles, uniqueNames, type Roles } from "./columns.js";
import { checkedRow, reference, splitAnswers, stageCell, tryRow } from "./fields.js";

/** A cell as read: text from CSV/TSV; numbers, booleans and null too from XLSX; undefined past the row's end. */
export type Cell = string | number | boolean | null | undefined;

export interface TableLayout extends Roles {
  question: number;
  /** Header cells as unique names (what the metadata keys and messages use). */
  names: string[];
}

/** The layout of a header, or a message saying why it has no question column. */
export function tableLayout(header: readonly string[]): TableLayout | string {
  const names = uniqueNames(header);
  const roles = assignRoles(names);
  if (roles.question === undefined) {
    const listed = names.map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}…` : n)).join(", ");
    return `has no question column: its header has ${names.length === 1 ? "one column" : `the columns`} ${listed}; name the column of questions ${ACCEPTED_QUESTION_NAMES}`;
  }
  return { ...roles, question: roles.question, names };
}

/** Names of the metadata columns, in input order. */
export const metaNames = (layout: TableLayout): string[] => layout.meta.map((i) => layout.names[i]!);

/** True when no cell has anything but white space (such rows are skipped like blank lines). */
export const isBlankRow = (cells: readonly Cell[]): boolean => cells.every((c) => c === null || c === undefined || String(c).trim() === "");

export function tableRow(layout: TableLayout, cells: readonly Cell[], line: number, maxTextLength: number): InputItem {
  return tryRow(line, () => {
    const text = (index: number | undefined): string => {
      const cell = index === undefined ? undefined : cells[index];
      return cell === null || cell === undefined ? "" : String(cell);
    };
    const question = text(layout.question);
    if (!question.trim()) return { ok: false, line, error: `no question (the "${layout.names[layout.question]}" cell is empty)` };
    const { roles } = layout;
    const meta: InputRow["meta"] = {};
    for (const i of layout.meta) meta[layout.names[i]!] = cells[i] ?? null;
    const has = (index: number | undefined) => index !== undefined && text(index).trim() !== "";
    const row: InputRow = {
      line,
      question,
      id: text(roles.id).trim() || undefined,
      category: text(roles.category).trim() || undefined,
      meta,
      reference: reference(has(roles.correct) ? splitAnswers(text(roles.correct)) : undefined, has(roles.incorrect) ? splitAnswers(text(roles.incorrect)) : undefined, text(roles.best)),
      probes: stageCell(text(roles.probes), "probes"),
      responses: stageCell(text(roles.responses), "responses"),
    };
    return checkedRow(row, maxTextLength);
  });
}
