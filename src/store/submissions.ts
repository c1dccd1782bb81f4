/**
 * Submissions to a provider's batch API: each is a row before anything is sent (its calls' rows too, each naming
 * it), then carries the file and batch ids, the provider's status and counts, and is marked 'ingested' once its
 * results are in the calls table. A resumed run reads them back: nothing is submitted twice.
 */
import type { CallSpec } from "../core/types.js";
import type { GenerateResult } from "../providers/types.js";
import type { Db } from "./db.js";
import { redact, redactor, secretsOf } from "./redact.js";

export interface SubmissionCounts {
  total: number;
  done: number;
  failed: number;
}

export interface SubmissionRow {
  id: number;
  runId: string;
  stage: number;
  roles: string;
  provider: string;
  model: string;
  baseUrl: string;
  fileId: string | null;
  batchId: string | null;
  status: string;
  keys: string[];
  requests: number;
  bytes: number;
  counts: SubmissionCounts | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
}

interface RawSubmission {
  id: number;
  run_id: string;
  stage: number;
  roles: string;
  provider: string;
  model: string;
  base_url: string;
  file_id: string | null;
  batch_id: string | null;
  status: string;
  keys: string;
  requests: number;
  bytes: number;
  counts: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
}

function toSubmission(raw: RawSubmission): SubmissionRow {
  return {
    id: raw.id,
    runId: raw.run_id,
    stage: raw.stage,
    roles: raw.roles,
    provider: raw.provider,
    model: raw.model,
    baseUrl: raw.base_url,
    fileId: raw.file_id,
    batchId: raw.batch_id,
    status: raw.status,
    keys: JSON.parse(raw.keys) as string[],
    requests: raw.requests,
    bytes: raw.bytes,
    counts: raw.counts ? (JSON.parse(raw.counts) as SubmissionCounts) : null,
    error: raw.error,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    endedAt: raw.ended_at,
  };
}

export interface NewSubmission {
  stage: number;
  provider: string;
  model: string;
  baseUrl: string;
  bytes: number;
  calls: { key: string; spec: CallSpec }[];
}

/** Records a submission and its calls (pending, naming it) in one transaction, before anything is sent. */
export function recordSubmission(db: Db, runId: string, s: NewSubmission): SubmissionRow {
  const now = new Date().toISOString();
  const roles = [...new Set(s.calls.map((c) => c.spec.role))].sort().join(",");
  const call = db.prepare(`
    INSERT INTO calls (run_id, key, role, model, request, sample_index, status, attempts, started_at, submission)
    VALUES (@runId, @key, @role, @model, @request, @sampleIndex, 'pending', 1, @now, @submission)
    ON CONFLICT (run_id, key) DO UPDATE SET status = 'pending', attempts = attempts + 1, error = NULL, error_kind = NULL, submission = @submission`);
  return db.transaction(() => {
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO submissions (run_id, stage, roles, provider, model, base_url, status, keys, requests, bytes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'preparing', ?, ?, ?, ?, ?)`,
      )
      .run(runId, s.stage, roles, s.provider, s.model, s.baseUrl, JSON.stringify(s.calls.map((c) => c.key)), s.calls.length, s.bytes, now, now);
    const submission = Number(lastInsertRowid);
    for (const { key, spec } of s.calls) {
      const request = JSON.stringify({ messages: spec.messages, temperature: spec.temperature, maxTokens: spec.maxTokens, seed: spec.seed });
      call.run({ runId, key, role: spec.role, model: spec.model, request, sampleIndex: spec.sampleIndex, now, submission });
    }
    return getSubmission(db, submission)!;
  })();
}

export function getSubmission(db: Db, id: number): SubmissionRow | undefined {
  const raw = db.prepare("SELECT * FROM submissions WHERE id = ?").get(id) as RawSubmission | undefined;
  return raw && toSubmission(raw);
}

/** A run's submissions, oldest first. */
export function runSubmissions(db: Db, runId: string): SubmissionRow[] {
  return (db.prepare("SELECT * FROM submissions WHERE run_id = ? ORDER BY id").all(runId) as RawSubmission[]).map(toSubmission);
}

/** Submissions whose results are not in yet (being prepared, or at the provider). */
export function openSubmissions(db: Db, runId: string): SubmissionRow[] {
  return runSubmissions(db, runId).filter((s) => s.status !== "ingested");
}

export function updateSubmission(db: Db, id: number, patch: { fileId?: string; batchId?: string; status?: string; counts?: SubmissionCounts; error?: string; ended?: boolean }): void {
  const now = new Date().toISOString();
  db.prepare(
    `UPDATE submissions SET file_id = coalesce(?, file_id), batch_id = coalesce(?, batch_id), status = coalesce(?, status),
       counts = coalesce(?, counts), error = coalesce(?, error), updated_at = ?, ended_at = CASE WHEN ? THEN coalesce(ended_at, ?) ELSE ended_at END
     WHERE id = ?`,
  ).run(
    patch.fileId ?? null,
    patch.batchId ?? null,
    patch.status ?? null,
    patch.counts ? JSON.stringify(patch.counts) : null,
    patch.error === undefined ? null : redact(patch.error),
    now,
    patch.ended ? 1 : 0,
    now,
    id,
  );
}

/** The highest stage submitted so far (0 when none). */
export function lastStage(db: Db, runId: string): number {
  return (db.prepare("SELECT coalesce(max(stage), 0) AS stage FROM submissions WHERE run_id = ?").get(runId) as { stage: number }).stage;
}

export interface CallState {
  status: string;
  submission: number | null;
  errorKind: string | null;
  error: string | null;
}

/** A call's row: whether it is done, which submission carried it, how it failed. */
export function callState(db: Db, runId: string, key: string): CallState | undefined {
  const row = db.prepare("SELECT status, submission, error_kind AS errorKind, error FROM calls WHERE run_id = ? AND key = ?").get(runId, key) as CallState | undefined;
  return row;
}

/** One result of a submission: its answer, or why the provider gave none. */
export type SubmissionResult = { key: string; result: GenerateResult } | { key: string; error: { kind: string; message: string } };

/**
 * Stores a submission's results in its calls' rows (only rows it carried and not done yet: a result downloaded
 * twice changes nothing), fails its calls that got no result, and marks it ingested — one transaction.
 */
export function ingestSubmission(db: Db, submission: SubmissionRow, results: Iterable<SubmissionResult>, missing: { kind: string; message: string }): { done: number; failed: number } {
  const now = new Date().toISOString();
  // Answers and errors are stored redacted, as the call journal stores them (store/redact.ts).
  const clean = redactor(secretsOf(process.env));
  const succeed = db.prepare(`
    UPDATE calls SET status = 'done', response = ?, finish_reason = ?, usage = ?, warnings = ?, finished_at = ?, latency_ms = ?, via = 'batch', error = NULL, error_kind = NULL
    WHERE run_id = ? AND key = ? AND submission = ? AND status != 'done'`);
  const fail = db.prepare("UPDATE calls SET status = 'failed', error_kind = ?, error = ?, finished_at = ? WHERE run_id = ? AND key = ? AND submission = ? AND status != 'done'");
  const latency = Date.now() - Date.parse(submission.createdAt);
  const tally = { done: 0, failed: 0 };
  db.transaction(() => {
    const seen = new Set<string>();
    for (const r of results) {
      seen.add(r.key);
      if ("result" in r) {
        const { text, finishReason, usage, warnings } = r.result;
        tally.done += succeed.run(clean(text), finishReason, JSON.stringify(usage), JSON.stringify(warnings), now, latency, submission.runId, r.key, submission.id).changes;
      } else tally.failed += fail.run(`batch:${r.error.kind}`, clean(r.error.message), now, submission.runId, r.key, submission.id).changes;
    }
    for (const key of submission.keys) {
      if (!seen.has(key)) tally.failed += fail.run(`batch:${missing.kind}`, clean(missing.message), now, submission.runId, key, submission.id).changes;
    }
    updateSubmission(db, submission.id, { status: "ingested", ended: true });
  })();
  return tally;
}

/** The requests a submission holds, read back from its calls' rows (to send it again when it never reached the provider). */
export function submissionRequests(db: Db, submission: SubmissionRow): { key: string; messages: CallSpec["messages"]; temperature?: number; maxTokens?: number; seed?: number }[] {
  const rows = db.prepare("SELECT key, request FROM calls WHERE run_id = ? AND submission = ? ORDER BY id").all(submission.runId, submission.id) as { key: string; request: string }[];
  return rows.map((r) => ({ key: r.key, ...(JSON.parse(r.request) as { messages: CallSpec["messages"]; temperature?: number; maxTokens?: number; seed?: number }) }));
}
