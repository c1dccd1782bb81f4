/**
 * Submissions to providers' batch services: the collected calls grouped by model and server, split to the
 * provider's limits, each recorded in the store before it is sent; then polled until they end, and their results
 * matched by custom_id (the call key) into the calls table. A run that died meanwhile picks its open submissions
 * up again: one never sent is sent (from the store's rows), one at the provider is polled, never submitted twice.
 */
import { answerCap, capAnswer } from "../../calls/answer-cap.js";
import { limits } from "../../config/limits.js";
import type { CallSpec } from "../../core/types.js";
import { createBatchApi, type BatchApi, type BatchLimits, type BatchRequest, type BatchState } from "../../providers/batch-api/index.js";
import type { Env } from "../../providers/endpoints.js";
import { ProviderError } from "../../providers/errors.js";
import { redactUrl } from "../../providers/endpoints.js";
import { ingestSubmission, recordSubmission, submissionRequests, updateSubmission, type Db, type SubmissionResult, type SubmissionRow } from "../../store/index.js";

export interface SubmitContext {
  db: Db;
  runId: string;
  env: Env;
  /** Overrides of the providers' documented limits. */
  limits?: Partial<BatchLimits>;
  fetch?: typeof fetch;
}

/** The provider's status of every submission being waited on, for progress displays. */
export interface ProviderWait {
  stage: number;
  roles: string;
  batches: { id: string; provider: string; status: string; total: number; done: number; failed: number }[];
  startedAt: number;
}

function apiFor(ctx: SubmitContext, model: string, baseUrl: string | undefined): { api: BatchApi; limits: BatchLimits; baseUrl: string } {
  const made = createBatchApi(model, { env: ctx.env, baseUrl, fetch: ctx.fetch });
  const given = ctx.limits ?? {};
  return { ...made, limits: { maxRequests: given.maxRequests ?? made.limits.maxRequests, maxBytes: given.maxBytes ?? made.limits.maxBytes } };
}

const requestOf = (key: string, r: { messages: CallSpec["messages"]; temperature?: number; maxTokens?: number; seed?: number }): BatchRequest => ({
  customId: key,
  messages: r.messages,
  temperature: r.temperature,
  maxTokens: r.maxTokens,
  seed: r.seed,
});

/** Splits lines into chunks of at most maxRequests lines and maxBytes bytes (a newline each). */
export function chunkLines<T extends { line: string }>(items: T[], limits: BatchLimits): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(item.line) + 1;
    if (size > limits.maxBytes) throw new ProviderError({ kind: "bad-request", message: `One request is ${size} bytes, over the batch limit of ${limits.maxBytes} bytes.` });
    if (chunk.length && (chunk.length >= limits.maxRequests || bytes + size > limits.maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/** Records and sends the calls of one model at one server as one or more submissions of `stage`. */
export async function submitCalls(ctx: SubmitContext, stage: number, model: string, baseUrl: string | undefined, calls: { key: string; spec: CallSpec }[]): Promise<SubmissionRow[]> {
  const { api, limits, baseUrl: server } = apiFor(ctx, model, baseUrl);
  const lines = calls.map((c) => ({ ...c, line: api.line(requestOf(c.key, c.spec)) }));
  const sent: SubmissionRow[] = [];
  for (const chunk of chunkLines(lines, limits)) {
    const bytes = chunk.reduce((sum, c) => sum + Buffer.byteLength(c.line) + 1, 0);
    const row = recordSubmission(ctx.db, ctx.runId, { stage, provider: api.provider, model, baseUrl: redactUrl(server), bytes, calls: chunk });
    await send(
      ctx,
      row,
      api,
      chunk.map((c) => c.line),
    );
    sent.push(row);
  }
  return sent;
}

/** Sends a recorded submission that has no batch id yet (new, or cut off before the provider acknowledged it). */
export async function sendRecorded(ctx: SubmitContext, row: SubmissionRow): Promise<void> {
  const { api } = apiFor(ctx, row.model, row.baseUrl);
  const lines = submissionRequests(ctx.db, row).map((r) => api.line(requestOf(r.key, r)));
  await send(ctx, row, api, lines);
}

async function send(ctx: SubmitContext, row: SubmissionRow, api: BatchApi, lines: string[]): Promise<void> {
  const label = `auditllm-${ctx.runId}-${row.id}`;
  const { batchId, state } = await api.submit(lines, label, (fileId) => updateSubmission(ctx.db, row.id, { fileId, status: "uploaded" }));
  updateSubmission(ctx.db, row.id, { batchId, status: state.status, counts: state.counts });
  row.batchId = batchId;
  row.status = state.status;
}

/**
 * Polls submissions until each has ended and its results are in the store. Returns early (results of the ended
 * ones stored) when `signal` aborts: the provider keeps working, a resume picks the rest up.
 */
export async function waitForSubmissions(ctx: SubmitContext, rows: SubmissionRow[], options: { pollMs: number; signal?: AbortSignal; onWait?(wait: ProviderWait): void }): Promise<void> {
  const open = rows.filter((r) => r.batchId);
  const startedAt = Math.min(...open.map((r) => Date.parse(r.createdAt)));
  const states = new Map<number, BatchState>();
  const report = () =>
    options.onWait?.({
      stage: Math.max(0, ...rows.map((r) => r.stage)),
      roles: [...new Set(rows.flatMap((r) => r.roles.split(",")))].join(","),
      batches: rows.map((r) => {
        const s = states.get(r.id);
        return { id: r.batchId ?? "", provider: r.provider, status: s?.status ?? r.status, total: s?.counts.total || r.requests, done: s?.counts.done ?? 0, failed: s?.counts.failed ?? 0 };
      }),
      startedAt,
    });
  while (open.length && !options.signal?.aborted) {
    for (const row of [...open]) {
      const { api } = apiFor(ctx, row.model, row.baseUrl);
      let state: BatchState;
      try {
        state = await api.poll(row.batchId!, options.signal);
      } catch (error) {
        // A poll that fails now may work later (the provider keeps the batch); only a cancel or a refusal stops.
        if (options.signal?.aborted) return;
        if (error instanceof ProviderError && !error.isRetryable) throw error;
        continue;
      }
      states.set(row.id, state);
      updateSubmission(ctx.db, row.id, { status: state.status, counts: state.counts, error: state.error });
      if (!state.ended) continue;
      await ingest(ctx, row, api, state);
      open.splice(open.indexOf(row), 1);
    }
    report();
    if (open.length) await sleep(options.pollMs, options.signal);
  }
}

async function ingest(ctx: SubmitContext, row: SubmissionRow, api: BatchApi, state: BatchState): Promise<void> {
  // Answers are cut as live ones are (calls/answer-cap): a provider batch's 50 MB answer never reaches the store.
  const maxTokens = new Map(submissionRequests(ctx.db, row).map((r) => [r.key, r.maxTokens]));
  const ceiling = limits().maxAnswerChars;
  const results: SubmissionResult[] = [];
  for await (const r of api.results(row.batchId!, state)) {
    results.push("result" in r ? { key: r.customId, result: capAnswer(r.result, answerCap(maxTokens.get(r.customId), ceiling)) } : { key: r.customId, error: r.error });
  }
  const why = state.status === "expired" ? "expired" : /cancel/.test(state.status) ? "cancelled" : state.status === "failed" ? "failed" : "no-result";
  const message = `${row.model}: no result in provider batch ${row.batchId} (${state.status}${state.error ? `: ${state.error}` : ""}).`;
  ingestSubmission(ctx.db, { ...row, status: state.status }, results, { kind: why, message });
}

/** Asks the provider to cancel each submission still at work; returns what the provider said. */
export async function cancelSubmissions(ctx: SubmitContext, rows: SubmissionRow[]): Promise<{ batchId: string; status: string }[]> {
  const out: { batchId: string; status: string }[] = [];
  for (const row of rows.filter((r) => r.batchId)) {
    const { api } = apiFor(ctx, row.model, row.baseUrl);
    const state = await api.cancel(row.batchId!);
    updateSubmission(ctx.db, row.id, { status: state.status, counts: state.counts });
    out.push({ batchId: row.batchId!, status: state.status });
  }
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
