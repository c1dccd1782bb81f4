/** A uniform random sample of at most `size` items from a stream of unknown length (algorithm R), seeded so reports are reproducible. */

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Reservoir<T> {
  readonly items: T[] = [];
  /** Items offered so far. */
  seen = 0;
  private readonly random: () => number;

  constructor(
    readonly size: number,
    seed = 1,
  ) {
    this.random = seededRandom(seed);
  }

  offer(item: T): void {
    this.seen++;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.size) this.items[j] = item;
    }
  }

  get sampled(): boolean {
    return this.seen > this.size;
  }
}
