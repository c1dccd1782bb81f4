/** A question's input row and one target's outcome, as the row reports read. */
import type { AuditResult } from "../core/types.js";
import type { BatchRow, InputRow } from "./types.js";

export function batchRow(idx: number, row: InputRow, target: string, outcome: { result?: AuditResult; error?: string }): BatchRow {
  const head = { idx, line: row.line, id: row.id, question: row.question, category: row.category, meta: row.meta, reference: row.reference, target };
  return outcome.result ? { ...head, result: outcome.result } : { ...head, error: outcome.error ?? "no result" };
}
