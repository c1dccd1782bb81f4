/** Runs, their items (questions) and results (item × target). */
import { randomBytes } from "node:crypto";
import type { Db } from "./db.js";
import { parseStored } from "./store-error.js";
import { redact, redactMaybe } from "./redact.js";

export type RunKind = "ask" | "batch";
export type RunStatus = "running" | "done" | "failed" | "cancelled";

export interface RunRow {
  id: string;
  kind: RunKind;
  createdAt: string;
  finishedAt?: string;
  status: RunStatus;
  config: Record<string, unknown>;
  summary?: Record<string, unknown>;
  error?: string;
}

/** Sortable, readable ids: 20261127-211502-3fa9c1. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${stamp.slice(0, 8)}-${stamp.slice(8)}-${randomBytes(3).toString("hex")}`;
}

export function createRun(db: Db, kind: RunKind, config: Record<string, unknown>, now: Date = new Date()): RunRow {
  const row: RunRow = { id: newRunId(now), kind, createdAt: now.toISOString(), status: "running", config };
  db.prepare("INSERT INTO runs (id, kind, created_at, status, config) VALUES (?, ?, ?, ?, ?)").run(row.id, kind, row.createdAt, row.status, JSON.stringify(config));
  return row;
}

export function finishRun(db: Db, id: string, status: Exclude<RunStatus, "running">, details: { summary?: Record<string, unknown>; error?: string } = {}): void {
  db.prepare("UPDATE runs SET status = ?, finished_at = ?, summary = ?, error = ? WHERE id = ?").run(
    status,
    new Date().toISOString(),
    details.summary ? JSON.stringify(details.summary) : null,
    redactMaybe(details.error) ?? null,
    id,
  );
}

interface RawRun {
  id: string;
  kind: RunKind;
  created_at: string;
  finished_at: string | null;
  status: RunStatus;
  config: string;
  summary: string | null;
  error: string | null;
}

function toRun(raw: RawRun, file: string): RunRow {
  return {
    id: raw.id,
    kind: raw.kind,
    createdAt: raw.created_at,
    finishedAt: raw.finished_at ?? undefined,
    status: raw.status,
    config: parseStored(raw.config, `config of run ${raw.id}`, file),
    summary: raw.summary ? parseStored(raw.summary, `summary of run ${raw.id}`, file) : undefined,
    error: raw.error ?? undefined,
  };
}

export function listRuns(db: Db, options: { limit?: number; kind?: RunKind } = {}): RunRow[] {
  const rows = options.kind
    ? db.prepare("SELECT * FROM runs WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?").all(options.kind, options.limit ?? -1)
    : db.prepare("SELECT * FROM runs ORDER BY created_at DESC, rowid DESC LIMIT ?").all(options.limit ?? -1);
  return (rows as RawRun[]).map((raw) => toRun(raw, db.name));
}

export function getRun(db: Db, id: string): RunRow | undefined {
  const raw = db.prepare("SELECT * FROM runs WHERE id = ?").get(id) as RawRun | undefined;
  return raw ? toRun(raw, db.name) : undefined;
}

/** The question of a one-question (ask) run, stored when the run starts: a failed or cancelled run has it too. */
export function runQuestion(db: Db, runId: string): string | undefined {
  const row = db.prepare("SELECT question FROM items WHERE run_id = ? AND idx = 0").get(runId) as { question: string } | undefined;
  return row?.question;
}

/** Why a run has no result, in words: "cancelled", or "failed: <error>" (never the status twice). */
export function runOutcome(run: RunRow): string {
  return run.error && run.error !== run.status ? `${run.status}: ${run.error}` : run.status;
}

export function addItem(db: Db, runId: string, idx: number, question: string, meta?: Record<string, unknown>): void {
  db.prepare("INSERT INTO items (run_id, idx, question, meta, status) VALUES (?, ?, ?, ?, 'pending')").run(runId, idx, question, meta ? JSON.stringify(meta) : null);
}

export function saveResult(db: Db, runId: string, idx: number, target: string, consistency: number | undefined, result: unknown): void {
  db.prepare("INSERT OR REPLACE INTO results (run_id, idx, target, consistency, result) VALUES (?, ?, ?, ?, ?)").run(runId, idx, target, consistency ?? null, redact(JSON.stringify(result)));
}

export function finishItem(db: Db, runId: string, idx: number, status: "done" | "failed", details: { probes?: unknown; error?: string } = {}): void {
  db.prepare("UPDATE items SET status = ?, probes = coalesce(?, probes), error = ? WHERE run_id = ? AND idx = ?").run(
    status,
    details.probes ? JSON.stringify(details.probes) : null,
    redactMaybe(details.error) ?? null,
    runId,
    idx,
  );
}

export function getResults(db: Db, runId: string): { idx: number; target: string; consistency?: number; result: unknown }[] {
  const rows = db.prepare("SELECT idx, target, consistency, result FROM results WHERE run_id = ? ORDER BY idx, target").all(runId) as {
    idx: number;
    target: string;
    consistency: number | null;
    result: string;
  }[];
  return rows.map((r) => ({ idx: r.idx, target: r.target, consistency: r.consistency ?? undefined, result: parseStored(r.result, `result ${r.idx} of run ${runId}`, db.name) }));
}
