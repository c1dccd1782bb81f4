/** The k first items of a stream by some order, in O(k) memory: a binary heap whose root is the one to drop next. */

export class TopK<T> {
  private readonly heap: T[] = [];

  /** `order(a, b) < 0` when a ranks before b (a is "worse" and more worth keeping). */
  constructor(
    readonly k: number,
    private readonly order: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    if (this.k <= 0) return;
    if (this.heap.length < this.k) {
      this.heap.push(item);
      this.up(this.heap.length - 1);
    } else if (this.order(item, this.heap[0]) < 0) {
      this.heap[0] = item;
      this.down(0);
    }
  }

  /** The kept items, first-ranked first. */
  sorted(): T[] {
    return [...this.heap].sort(this.order);
  }

  get size(): number {
    return this.heap.length;
  }

  /** Root = the last-ranked kept item: a "max-heap" by `order`. */
  private above(i: number, j: number): boolean {
    return this.order(this.heap[i], this.heap[j]) > 0;
  }

  private swap(i: number, j: number): void {
    [this.heap[i], this.heap[j]] = [this.heap[j], this.heap[i]];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < this.heap.length && this.above(l, top)) top = l;
      if (r < this.heap.length && this.above(r, top)) top = r;
      if (top === i) return;
      this.swap(i, top);
      i = top;
    }
  }
}
