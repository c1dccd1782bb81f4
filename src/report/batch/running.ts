/**
 * Running statistics in constant memory: a mean, and a score distribution kept as 1,000 bins of 0.001 on
 * 0..1 (values outside are counted in the end bins). The median is read from the bins (within 0.001); the
 * chart's histogram merges them.
 */

export class Mean {
  n = 0;
  sum = 0;
  add(x: number): void {
    this.n++;
    this.sum += x;
  }
  get value(): number | undefined {
    return this.n ? this.sum / this.n : undefined;
  }
}

const FINE = 1000;

/** A mean and how many values fell under the threshold. */
export class Tally extends Mean {
  under = 0;

  constructor(readonly threshold: number) {
    super();
  }

  override add(x: number): void {
    super.add(x);
    if (x < this.threshold) this.under++;
  }
}

/** A tally with the distribution (4 KB of bins). */
export class ScoreStats extends Tally {
  private readonly bins = new Uint32Array(FINE);

  override add(x: number): void {
    super.add(x);
    this.bins[Math.min(FINE - 1, Math.max(0, Math.floor(x * FINE)))]++;
  }

  /** The median, interpolated within its 0.001-wide bin. */
  get median(): number | undefined {
    if (this.n === 0) return undefined;
    const rank = (this.n - 1) / 2;
    let before = 0;
    for (let b = 0; b < FINE; b++) {
      const here = this.bins[b];
      if (here && rank < before + here) return (b + (rank - before + 0.5) / here) / FINE;
      before += here;
    }
    return undefined;
  }

  /** Counts in `bins` equal-width bins over 0..1 (`bins` must divide 1,000). */
  histogram(bins = 20): number[] {
    const width = FINE / bins;
    const out = new Array<number>(bins).fill(0);
    for (let b = 0; b < FINE; b++) out[Math.floor(b / width)] += this.bins[b];
    return out;
  }
}
