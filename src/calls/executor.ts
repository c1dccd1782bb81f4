/**
 * Makes the pipeline's calls: each waits for a slot on its provider's lane (see scheduler), runs with a
 * timeout, is retried on transient failures (the one retry layer), is made once however often it is
 * asked for, and is journaled before it is sent. Embedding calls get the same treatment.
 */
import { ProviderError } from "../providers/errors.js";
import { DEFAULT_RETRY, isOverload, retryDelayMs, type RetryPolicy } from "../providers/retry.js";
import type { Embedder, LanguageModel } from "../providers/types.js";
import type { CallResult, CallSpec, Complete, StreamHandlers } from "../core/types.js";
import { answerCap, capAnswer, cappedDeltas } from "./answer-cap.js";
import { callKey } from "./key.js";
import type { CallJournal } from "./journal.js";
import { abortable, onAbort } from "../providers/on-abort.js";
import { Scheduler } from "./scheduler.js";

export interface ExecutorOptions {
  /** The model that makes this call (usually by spec.model; the prober may live on another server). */
  model(spec: CallSpec): LanguageModel;
  journal?: CallJournal;
  /** Calls in flight at once per provider lane (default 4). Ignored when a scheduler is given. */
  concurrency?: number;
  /** A scheduler shared with other executors (batch runs); default: a new one. */
  scheduler?: Scheduler;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Cancels everything: waiting calls are not sent, running ones are aborted. */
  signal?: AbortSignal;
  onRetry?(event: { what: string; attempt: number; delayMs: number; error: ProviderError }): void;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** Longest answer kept, in characters, whatever --max-tokens asks (default answer-cap.ts's ceiling); longer ones are cut. */
  maxAnswerChars?: number;
}

export interface ExecutorStats {
  /** Attempts sent to providers (retries included). */
  sent: number;
  /** Calls answered from the journal (a resumed run). */
  fromJournal: number;
  failed: number;
  rateLimited: number;
}

export interface Executor {
  complete: Complete;
  /** The same embedder, its calls under this executor's lanes, timeout and retries. */
  embedder(embedder: Embedder): Embedder;
  stats(): ExecutorStats;
  readonly scheduler: Scheduler;
}

interface Attempted {
  what: string;
  lane: string;
  group: string;
  /** Goes before the group's other waiting calls (the prober's: each unlocks a question's answers). */
  first?: boolean;
}

export function createExecutor(options: ExecutorOptions): Executor {
  const scheduler = options.scheduler ?? new Scheduler({ concurrency: options.concurrency ?? 4 });
  const inFlight = new Map<string, Promise<CallResult>>();
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? abortableSleep;
  const stats: ExecutorStats = { sent: 0, fromJournal: 0, failed: 0, rateLimited: 0 };
  const configured = new Set<string>();

  function laneOf(thing: { id: string; lane?: string; maxConcurrency?: number }): string {
    const lane = thing.lane ?? thing.id;
    if (!configured.has(lane)) {
      configured.add(lane);
      if (thing.maxConcurrency) scheduler.configure(lane, { maxConcurrency: thing.maxConcurrency });
    }
    return lane;
  }

  /** One call with its retries: each attempt waits for a slot, then runs under a fresh timeout. */
  async function withRetries<T>(call: Attempted, attempt: (signal: AbortSignal | undefined, n: number) => Promise<T>, onFailure?: (error: ProviderError) => void): Promise<T> {
    const failures = { overload: 0, other: 0 };
    for (let n = 0; ; n++) {
      try {
        const value = await scheduler.run(
          call.lane,
          call.group,
          async () => {
            stats.sent++;
            const { signal, dispose } = callSignal(options.signal, options.timeoutMs);
            try {
              return await attempt(signal, n);
            } finally {
              dispose();
            }
          },
          options.signal,
          call.first,
        );
        scheduler.succeeded(call.lane);
        return value;
      } catch (caught) {
        const error = asProviderError(caught, call.what, options.signal);
        const overload = isOverload(error);
        if (overload) {
          stats.rateLimited++;
          scheduler.rateLimited(call.lane, error.retryAfterMs === undefined ? undefined : Math.min(error.retryAfterMs, retry.maxDelayMs)); // Retry-After capped like every retry delay
        }
        const delayMs = options.signal?.aborted ? undefined : retryDelayMs(error, overload ? failures.overload++ : failures.other++, retry);
        if (delayMs === undefined) {
          stats.failed++;
          onFailure?.(error);
          throw error;
        }
        options.onRetry?.({ what: call.what, attempt: n + 1, delayMs, error });
        await sleep(delayMs, options.signal).catch(() => undefined);
      }
    }
  }

  async function run(key: string, spec: CallSpec, stream?: StreamHandlers): Promise<CallResult> {
    const model = options.model(spec);
    const started = Date.now();
    const result = await withRetries(
      { what: spec.model, lane: laneOf(model), group: model.id, first: spec.role === "probe" },
      async (signal, n) => {
        await options.journal?.begin(key, spec, n + 1);
        if (n > 0) stream?.onRestart?.();
        const request = { messages: spec.messages, temperature: spec.temperature, maxTokens: spec.maxTokens, seed: spec.seed, signal };
        const cap = answerCap(spec.maxTokens, options.maxAnswerChars);
        const answer = capAnswer(stream ? await model.stream(request, cappedDeltas(stream.onDelta, cap)) : await model.generate(request), cap);
        return { answer, attempts: n + 1 };
      },
      (error) => options.journal?.fail(key, { kind: error.kind, message: error.message }),
    );
    const latencyMs = Date.now() - started;
    await options.journal?.succeed(key, result.answer, latencyMs);
    return { ...result.answer, key, cached: false, latencyMs, attempts: result.attempts };
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
    const promise = run(key, spec, stream);
    inFlight.set(key, promise);
    // Finished calls are answered by the journal from now on; the map only holds calls under way.
    const forget = () => inFlight.delete(key);
    promise.then(forget, forget);
    return promise;
  };

  const embedder = (inner: Embedder): Embedder => ({
    id: inner.id,
    lane: inner.lane,
    embed: (texts) => withRetries({ what: inner.id, lane: laneOf(inner), group: inner.id }, (signal) => inner.embed(texts, signal)),
  });

  return { complete, embedder, stats: () => ({ ...stats }), scheduler };
}

function asProviderError(caught: unknown, what: string, cancel: AbortSignal | undefined): ProviderError {
  if (caught instanceof ProviderError) return caught;
  if (cancel?.aborted) return new ProviderError({ kind: "cancelled", model: what, message: `${what}: call cancelled.`, cause: caught });
  return new ProviderError({ kind: "other", model: what, message: `${what}: ${String((caught as Error)?.message ?? caught)}`, cause: caught });
}

/**
 * The signal of one attempt: the run's cancel signal plus this call's own timeout. The timer is a plain
 * (ref'd) timeout, unlike AbortSignal.timeout, so a silent provider cannot let the process exit early.
 */
function callSignal(cancel: AbortSignal | undefined, timeoutMs: number | undefined): { signal?: AbortSignal; dispose(): void } {
  if (!timeoutMs) return { signal: cancel, dispose: () => {} };
  // One controller per attempt, fed by the cancel signal and the timer (cheaper than AbortSignal.any on a hot path).
  const controller = abortable();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  const stopListening = cancel ? onAbort(cancel, () => controller.abort(cancel.reason)) : undefined;
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      stopListening?.();
    },
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    const stopListening = signal ? onAbort(signal, abort) : undefined;
    function done() {
      stopListening?.();
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
  });
}
