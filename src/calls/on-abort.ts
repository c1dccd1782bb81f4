/**
 * One abort listener per signal, however many calls wait on it. A run's cancel signal is watched by every
 * call waiting for a slot and every call in flight (hundreds); each adding its own listener made Node warn
 * "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]" on every batch.
 */
const listenersOf = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `listener` when `signal` aborts (at once when it has); returns what stops listening. */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return () => {};
  }
  let listeners = listenersOf.get(signal);
  if (!listeners) {
    const set = new Set<() => void>();
    signal.addEventListener(
      "abort",
      () => {
        const all = [...set];
        set.clear();
        for (const each of all) each();
      },
      { once: true },
    );
    listenersOf.set(signal, (listeners = set));
  }
  const own = () => listener();
  listeners.add(own);
  return () => void listeners.delete(own);
}
