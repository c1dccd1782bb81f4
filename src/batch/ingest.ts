/**
 * Reads an input file into a run's items, streaming: rows go to the store a thousand at a time, malformed
 * rows are recorded with their line numbers and skipped. Re-running it over the same file (a resumed run
 * whose ingestion was cut short) adds only what is missing.
 */
import { addItems, addSkipped, type Db } from "../store/index.js";
import type { InputItem, InputRow } from "./types.js";

export interface Ingested {
  questions: number;
  skipped: number;
}

export async function ingest(db: Db, runId: string, items: AsyncIterable<InputItem>, onSkip?: (line: number, error: string) => void): Promise<Ingested> {
  let idx = 0;
  let skipped = 0;
  let rows: { idx: number; row: InputRow }[] = [];
  let bad: { line: number; error: string }[] = [];
  const flush = () => {
    addItems(db, runId, rows);
    addSkipped(db, runId, bad);
    rows = [];
    bad = [];
  };
  for await (const item of items) {
    if (item.ok) {
      rows.push({ idx: idx++, row: item.row });
    } else {
      skipped++;
      bad.push({ line: item.line, error: item.error });
      onSkip?.(item.line, item.error);
    }
    if (rows.length + bad.length >= 1000) flush();
  }
  flush();
  return { questions: idx, skipped };
}
