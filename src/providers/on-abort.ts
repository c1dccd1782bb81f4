/**
 * One abort listener per signal, however many calls wait on it. A run's cancel signal is watched by every
 * call waiting for a slot and every call in flight (hundreds); each adding its own listener made Node warn
 * "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]" on every batch.
 * A signal made by `abortable` has no listener on it at all: its owner calls what waits on it.
 */
const listenersOf = new WeakMap<AbortSignal, Set<() => void>>();

function callAll(set: Set<() => void>): void {
  const all = [...set];
  set.clear();
  for (const each of all) each();
}

/** Calls `listener` when `signal` aborts (at once when it has); returns what stops listening. */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return () => {};
  }
  let listeners = listenersOf.get(signal);
  if (!listeners) {
    const set = new Set<() => void>();
    signal.addEventListener("abort", () => callAll(set), { once: true });
    listenersOf.set(signal, (listeners = set));
  }
  const own = () => listener();
  listeners.add(own);
  return () => void listeners.delete(own);
}

export interface Abortable {
  readonly signal: AbortSignal;
  /** Aborts the signal (its own listeners first), then calls what waits on it through onAbort; once. */
  abort(reason: unknown): void;
}

/**
 * An AbortController whose onAbort listeners its owner calls as it aborts, instead of an "abort" listener
 * on the signal: every call attempt has a signal of its own (its timeout), and adding and removing a
 * listener on Node's EventTarget for each was 2.4% of a batch run's instructions (README, Speed). The
 * signal is a real AbortSignal (providers hand it to fetch or the AI SDK); only `abort` may abort it, or
 * what waits through onAbort is not called.
 */
export function abortable(): Abortable {
  const controller = new AbortController();
  const { signal } = controller;
  const set = new Set<() => void>();
  listenersOf.set(signal, set);
  return {
    signal,
    abort(reason) {
      if (signal.aborted) return;
      controller.abort(reason);
      callAll(set);
    },
  };
}
