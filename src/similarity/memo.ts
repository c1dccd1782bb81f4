/**
 * A bounded memo for pure per-text and per-word work (tokens, stems, word weights, sentences, facts): one
 * audit compares each answer many times (agreement, references, focus, support, contradictions), and a
 * batch run meets the same words over and over. Two generations of at most `limit` entries each: when the
 * newer is full it becomes the older and the oldest is dropped, so what is in use stays and memory is flat.
 */
export interface Memo<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  clear(): void;
}

/** Every memo of the process, so a run's end can empty them all (clearMemos). */
const all = new Set<WeakRef<Memo<unknown>>>();

/** Empties every memo (a batch run's scoring is over: its texts are not met again). */
export function clearMemos(): void {
  for (const ref of all) {
    const memo = ref.deref();
    if (memo) memo.clear();
    else all.delete(ref);
  }
}

export function boundedMap<T>(limit: number): Memo<T> {
  let young = new Map<string, T>();
  let old = new Map<string, T>();
  const set = (key: string, value: T) => {
    if (young.size >= limit) [old, young] = [young, new Map()];
    young.set(key, value);
  };
  const memo: Memo<T> = {
    get(key) {
      const hit = young.get(key);
      if (hit !== undefined) return hit;
      const aged = old.get(key);
      if (aged !== undefined) set(key, aged);
      return aged;
    },
    set,
    clear() {
      young = new Map();
      old = new Map();
    },
  };
  all.add(new WeakRef(memo as Memo<unknown>));
  return memo;
}

export function memoize<T>(fn: (key: string) => T, limit = 20_000): (key: string) => T {
  const cache = boundedMap<T>(limit);
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = fn(key)));
    return value;
  };
}
