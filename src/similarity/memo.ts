/**
 * A bounded memo for pure per-text and per-word work (tokens, stems, word weights, sentences): one audit
 * compares each answer many times (agreement, references, focus, support, contradictions), and a batch run
 * meets the same words over and over. When full it starts again empty, so memory stays flat.
 */
export function memoize<T>(fn: (key: string) => T, limit = 20_000): (key: string) => T {
  let cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache = new Map();
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}
