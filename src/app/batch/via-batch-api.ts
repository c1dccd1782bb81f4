/**
 * A batch run through the providers' batch services (--via batch-api): passes over the unfinished questions
 * (batch/pass) collect the calls nobody has answered yet; they are submitted as one stage (probes, then answers,
 * then judge calls and re-asks, as the audit needs them), waited for, and stored; then the next pass. Calls of
 * models without a batch service (ollama, llamacpp) and embeddings go live as always. A call a batch could not
 * answer (an error line, an expired or cancelled batch) is retried once live (fallback "live", the default) or
 * reported as that question's error (fallback "report").
 */
import { callKey } from "../../calls/key.js";
import type { Executor } from "../../calls/executor.js";
import type { CallSpec, Complete } from "../../core/types.js";
import { DeferredCall } from "../../batch/pass.js";
import { hasBatchApi } from "../../providers/batch-api/index.js";
import { ProviderError, type ProviderErrorKind } from "../../providers/errors.js";
import { callState, createCallJournal, lastStage, openSubmissions, type Db } from "../../store/index.js";
import { sendRecorded, submitCalls, waitForSubmissions, type ProviderWait, type SubmitContext } from "./submissions.js";

export type BatchFallback = "live" | "report";
export const DEFAULT_FALLBACK: BatchFallback = "live";
/** Seconds between status polls (the providers finish within 24 h; most batches take minutes). */
export const DEFAULT_POLL_SECONDS = 30;

export interface ViaBatchApi extends SubmitContext {
  db: Db;
  runId: string;
  /** The live path: calls of models without a batch service, and the fallback. */
  live: Executor;
  /** The server a call's model lives at (as the live pool chooses it). */
  baseUrlOf(spec: CallSpec): string | undefined;
  fallback: BatchFallback;
  pollMs: number;
  signal: AbortSignal;
  /** One pass over the unfinished questions with this call function. */
  pass(complete: Complete): Promise<{ finished: number; deferred: number }>;
  onWait?(wait: ProviderWait | undefined): void;
}

export async function runViaBatchApi(o: ViaBatchApi): Promise<void> {
  await finishOpen(o);
  while (!o.signal.aborted) {
    const collected = new Map<string, CallSpec>();
    await o.pass(stagedComplete(o, collected));
    if (o.signal.aborted || collected.size === 0) return;
    const stage = lastStage(o.db, o.runId) + 1;
    const groups = new Map<string, { model: string; baseUrl?: string; calls: { key: string; spec: CallSpec }[] }>();
    for (const [key, spec] of collected) {
      const baseUrl = o.baseUrlOf(spec);
      const id = `${spec.model}\u0000${baseUrl ?? ""}`;
      const group = groups.get(id) ?? { model: spec.model, baseUrl, calls: [] };
      group.calls.push({ key, spec });
      groups.set(id, group);
    }
    for (const g of groups.values()) await submitCalls(o, stage, g.model, g.baseUrl, g.calls);
    await finishOpen(o);
  }
}

/** Sends the submissions recorded but never acknowledged, and waits for every open one. */
async function finishOpen(o: ViaBatchApi): Promise<void> {
  const open = openSubmissions(o.db, o.runId);
  if (!open.length) return;
  for (const row of open.filter((r) => !r.batchId)) await sendRecorded(o, row);
  await waitForSubmissions(o, openSubmissions(o.db, o.runId), { pollMs: o.pollMs, signal: o.signal, onWait: o.onWait });
  o.onWait?.(undefined);
}

const KINDS: ReadonlySet<string> = new Set<ProviderErrorKind>(["rate-limited", "server", "timeout", "bad-request", "empty-answer", "cancelled", "unavailable", "auth", "model-not-found"]);

/**
 * The call function of a pass: answers from the store; a call a batch already carried but could not answer goes
 * live (fallback) or fails as data; models without a batch service go live; anything else is collected and deferred.
 */
function stagedComplete(o: ViaBatchApi, collected: Map<string, CallSpec>): Complete {
  const journal = createCallJournal(o.db, o.runId);
  return async (spec, stream) => {
    if (!hasBatchApi(spec.model)) return o.live.complete(spec, stream);
    const key = callKey(spec);
    const stored = journal.lookup(key);
    if (stored) return { ...stored, key, cached: true, latencyMs: 0, attempts: 0 };
    const state = callState(o.db, o.runId, key);
    if (state?.submission != null) {
      const fromBatch = state.errorKind?.startsWith("batch:") ?? false;
      // Failed live after the batch, or reported as the user chose: the question keeps the error.
      if ((state.status === "failed" && !fromBatch) || o.fallback === "report") {
        const kind = (state.errorKind ?? "other").replace(/^batch:/, "");
        throw new ProviderError({
          kind: (KINDS.has(kind) ? kind : "unavailable") as ProviderErrorKind,
          model: spec.model,
          message: state.error ?? `${spec.model}: no answer from the provider batch.`,
        });
      }
      return o.live.complete(spec, stream);
    }
    collected.set(key, spec);
    throw new DeferredCall(key);
  };
}
