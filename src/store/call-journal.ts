/** The executor's CallJournal over the calls table: one row per call, written before it is sent, completed in place. */
import type { CallJournal } from "../calls/journal.js";
import type { GenerateResult } from "../providers/types.js";
import type { Db } from "./db.js";
import { redactor, secretsOf } from "./redact.js";

/** Answers and errors are stored redacted (store/redact.ts): a provider that echoes the key leaves no trace of it. */
export function createCallJournal(db: Db, runId: string): CallJournal {
  const clean = redactor(secretsOf(process.env));
  const find = db.prepare("SELECT response, finish_reason, usage, warnings FROM calls WHERE run_id = ? AND key = ? AND status = 'done'");
  const begin = db.prepare(`
    INSERT INTO calls (run_id, key, role, model, request, sample_index, status, attempts, started_at)
    VALUES (@runId, @key, @role, @model, @request, @sampleIndex, 'pending', @attempt, @now)
    ON CONFLICT (run_id, key) DO UPDATE SET status = 'pending', attempts = attempts + 1, error = NULL, error_kind = NULL`);
  const succeed = db.prepare(`
    UPDATE calls SET status = 'done', response = ?, finish_reason = ?, usage = ?, warnings = ?, finished_at = ?, latency_ms = ?
    WHERE run_id = ? AND key = ?`);
  const fail = db.prepare("UPDATE calls SET status = 'failed', error_kind = ?, error = ?, finished_at = ? WHERE run_id = ? AND key = ?");

  return {
    lookup(key) {
      const row = find.get(runId, key) as { response: string; finish_reason: string; usage: string | null; warnings: string | null } | undefined;
      if (!row) return undefined;
      const result: GenerateResult = {
        text: row.response,
        finishReason: row.finish_reason,
        usage: row.usage ? JSON.parse(row.usage) : {},
        warnings: row.warnings ? JSON.parse(row.warnings) : [],
      };
      return result;
    },
    begin(key, spec, attempt) {
      const request = JSON.stringify({ messages: spec.messages, temperature: spec.temperature, maxTokens: spec.maxTokens, seed: spec.seed });
      begin.run({ runId, key, role: spec.role, model: spec.model, request, sampleIndex: spec.sampleIndex, attempt, now: new Date().toISOString() });
    },
    succeed(key, result, latencyMs) {
      succeed.run(clean(result.text), result.finishReason, JSON.stringify(result.usage), JSON.stringify(result.warnings), new Date().toISOString(), latencyMs, runId, key);
    },
    fail(key, error) {
      fail.run(error.kind, clean(error.message), new Date().toISOString(), runId, key);
    },
  };
}
