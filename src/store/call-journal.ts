/**
 * The executor's CallJournal over the calls table: one row per call, written before it is sent, completed in
 * place. Writes are group-committed (group-commit.ts): `begin` and `succeed` resolve only once their row
 * is in. So a call is still in the store before it is sent, and a kill loses at most answers not
 * yet recorded, whose calls a resume makes again (the calls in flight).
 */
import type { CallJournal } from "../calls/journal.js";
import type { GenerateResult } from "../providers/types.js";
import type { Db } from "./db.js";
import { groupCommit } from "./group-commit.js";
import { redactor, secretsOf } from "./redact.js";

export interface JournalOptions {
  /**
   * Whether this process still holds the run (app/owner.ts): once it does not, nothing is written and no call
   * is begun (`begin` rejects, so the call is not sent), so a process woken after a takeover leaves the new
   * owner's rows as they are.
   */
  holds?: () => boolean;
}

/** What `begin` rejects with once the process no longer holds the run. */
export class RunNotHeldError extends Error {
  override readonly name = "RunNotHeldError";
}

/** Answers and errors are stored redacted (store/redact.ts): a provider that echoes the key leaves no trace of it. */
export function createCallJournal(db: Db, runId: string, options: JournalOptions = {}): CallJournal {
  const holds = options.holds ?? (() => true);
  const group = groupCommit(db);
  const clean = redactor(secretsOf(process.env));
  const find = db.prepare("SELECT response, finish_reason, usage, warnings FROM calls WHERE run_id = ? AND key = ? AND status = 'done'");
  const begin = db.prepare(`
    INSERT INTO calls (run_id, key, role, model, request, sample_index, status, attempts, started_at)
    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
    ON CONFLICT (run_id, key) DO UPDATE SET status = 'pending', attempts = attempts + 1, error = NULL, error_kind = NULL`);
  const succeed = db.prepare(`
    UPDATE calls SET status = 'done', response = ?, finish_reason = ?, usage = ?, warnings = ?, finished_at = ?, latency_ms = ?
    WHERE run_id = ? AND key = ?`);
  const fail = db.prepare("UPDATE calls SET status = 'failed', error_kind = ?, error = ?, finished_at = ? WHERE run_id = ? AND key = ?");

  return {
    lookup(key) {
      // Answers waiting for the group commit count too.
      const waiting = group.waiting.get(`${runId}\u0000${key}`) as GenerateResult | undefined;
      if (waiting) return waiting;
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
      if (!holds()) return Promise.reject(new RunNotHeldError(`run ${runId} is held by another process`));
      const request = JSON.stringify({ messages: spec.messages, temperature: spec.temperature, maxTokens: spec.maxTokens, seed: spec.seed });
      const now = new Date().toISOString();
      return group.write(() => begin.run(runId, key, spec.role, spec.model, request, spec.sampleIndex, attempt, now));
    },
    succeed(key, result, latencyMs) {
      if (!holds()) return;
      const [text, usage, warnings, now] = [clean(result.text), JSON.stringify(result.usage), JSON.stringify(result.warnings), new Date().toISOString()];
      // As a lookup reads it back from the row: the text redacted, usage and warnings as stored.
      group.waiting.set(`${runId}\u0000${key}`, { text, finishReason: result.finishReason, usage: result.usage ?? {}, warnings: result.warnings ?? [] });
      return group.write(() => succeed.run(text, result.finishReason, usage, warnings, now, latencyMs, runId, key));
    },
    fail(key, error) {
      if (!holds()) return;
      // Failures are rare and nobody waits for them: written at once (after the call's own begin, committed before it was sent).
      fail.run(error.kind, clean(error.message), new Date().toISOString(), runId, key);
    },
    flush: group.flush,
  };
}
