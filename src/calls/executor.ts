/**
 * Makes the pipeline's calls: bounded concurrency, a timeout on every call, retries (the one retry layer),
 * identical calls made once, every call journaled before it is sent.
 */
import PQueue from "p-queue";
import { ProviderError } from "../providers/errors.js";
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from "../providers/retry.js";
import type { LanguageModel } from "../providers/types.js";
import type { CallResult, CallSpec, Complete, StreamHandlers } from "../core/types.js";
import { callKey } from "./key.js";
import type { CallJournal } from "./journal.js";

export interface ExecutorOptions {
  /** The model that makes this call (usually by spec.model; the prober may live on another server). */
  model(spec: CallSpec): LanguageModel;
  journal?: CallJournal;
  concurrency?: number;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Cancels everything: queued calls are not sent, running ones are aborted. */
  signal?: AbortSignal;
  onRetry?(event: { key: string; spec: CallSpec; attempt: number; delayMs: number; error: ProviderError }): void;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Executor {
  complete: Complete;
  /** Calls sent to providers (attempts included) and calls answered from the journal. */
  stats(): { sent: number; fromJournal: number; failed: number };
}

export function createExecutor(options: ExecutorOptions): Executor {
  const queue = new PQueue({ concurrency: options.concurrency ?? 4 });
  const inFlight = new Map<string, Promise<CallResult>>();
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? abortableSleep;
  const stats = { sent: 0, fromJournal: 0, failed: 0 };

  async function run(key: string, spec: CallSpec, stream?: StreamHandlers): Promise<CallResult> {
    const started = Date.now();
    const model = options.model(spec);
    for (let attempt = 0; ; attempt++) {
      throwIfCancelled(options.signal, spec.model);
      options.journal?.begin(key, spec, attempt + 1);
      stats.sent++;
      const { signal, dispose } = callSignal(options.signal, options.timeoutMs);
      const request = { messages: spec.messages, temperature: spec.temperature, maxTokens: spec.maxTokens, seed: spec.seed, signal };
      try {
        if (attempt > 0) stream?.onRestart?.();
        const result = stream ? await model.stream(request, stream.onDelta) : await model.generate(request);
        dispose();
        const latencyMs = Date.now() - started;
        options.journal?.succeed(key, result, latencyMs);
        return { ...result, key, cached: false, latencyMs, attempts: attempt + 1 };
      } catch (caught) {
        dispose();
        const error = caught instanceof ProviderError ? caught : new ProviderError({ kind: "other", model: spec.model, message: `${spec.model}: ${String((caught as Error)?.message ?? caught)}`, cause: caught });
        const delayMs = options.signal?.aborted ? undefined : retryDelayMs(error, attempt, retry);
        if (delayMs === undefined) {
          stats.failed++;
          options.journal?.fail(key, { kind: error.kind, message: error.message });
          throw error;
        }
        options.onRetry?.({ key, spec, attempt: attempt + 1, delayMs, error });
        await sleep(delayMs, options.signal).catch(() => undefined);
      }
    }
  }

  const complete: Complete = (spec, stream) => {
    const key = callKey(spec);
    const existing = inFlight.get(key);
    if (existing) return existing;
    const stored = options.journal?.lookup(key);
    if (stored) {
      stats.fromJournal++;
      stream?.onDelta(stored.text);
      return Promise.resolve({ ...stored, key, cached: true, latencyMs: 0, attempts: 0 });
    }
    const promise = queue.add(() => run(key, spec, stream)) as Promise<CallResult>;
    inFlight.set(key, promise);
    // Finished calls are answered by the journal from now on; the map only holds calls under way.
    const forget = () => inFlight.delete(key);
    promise.then(forget, forget);
    return promise;
  };

  return { complete, stats: () => ({ ...stats }) };
}

/**
 * The signal of one attempt: the run's cancel signal plus this call's own timeout. The timer is a plain
 * (ref'd) timeout, unlike AbortSignal.timeout, so a silent provider cannot let the process exit early.
 */
function callSignal(cancel: AbortSignal | undefined, timeoutMs: number | undefined): { signal?: AbortSignal; dispose(): void } {
  if (!timeoutMs) return { signal: cancel, dispose: () => {} };
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  const signal = cancel ? AbortSignal.any([cancel, timeout.signal]) : timeout.signal;
  return { signal, dispose: () => clearTimeout(timer) };
}

function throwIfCancelled(signal: AbortSignal | undefined, model: string): void {
  if (signal?.aborted) throw new ProviderError({ kind: "cancelled", model, message: `${model}: call cancelled.` });
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", abort, { once: true });
  });
}
