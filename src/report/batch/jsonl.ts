/** `results.jsonl`: one JSON object per question × target with everything (the audit in its public JSON shape). */
import type { BatchRow, ReportWriter } from "./types.js";
import { toAuditJson } from "../audit-json.js";

export function jsonlRecord(row: BatchRow): Record<string, unknown> {
  const head = { idx: row.idx, line: row.line, id: row.id, question: row.question, category: row.category, meta: row.meta, reference: row.reference, target: row.target };
  if (!row.result) return { ...head, error: row.error ?? "no result" };
  return { ...head, ...toAuditJson(row.result), ...(row.error ? { error: row.error } : {}) };
}

export const jsonlReport: ReportWriter = {
  format: "jsonl",
  file: "results.jsonl",
  async write(source, sink) {
    for await (const row of source.rows()) await sink.write(`${JSON.stringify(jsonlRecord(row))}\n`);
  },
};
