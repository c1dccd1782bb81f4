/**
 * Targets compared on the questions they all answered (paired: same question, same probes). Fed one question
 * at a time with every target's consistency; keeps sums per target, per pair and per category only.
 */
import { meanInterval } from "../../core/paired.js";
import { round4 } from "../../core/scores.js";

export interface PairReport {
  a: string;
  b: string;
  n: number;
  /** Mean of consistency(a) − consistency(b). */
  meanDiff: number;
  /** Normal-approximation 95% interval of meanDiff (n ≥ 2). */
  ci?: [number, number];
  aBetter: number;
  bBetter: number;
  ties: number;
}

export interface GroupComparison {
  name: string;
  n: number;
  /** Per target (in `targets` order): mean consistency on these questions. */
  means: number[];
  /** Per target: questions where it alone was the most consistent. */
  best: number[];
}

export interface ComparisonReport extends GroupComparison {
  targets: string[];
  /** Questions where the most consistent score was shared (equal to 4 decimals). */
  ties: number;
  pairs: PairReport[];
  categories: GroupComparison[];
}

class Group {
  n = 0;
  ties = 0;
  constructor(
    readonly sums: number[],
    readonly best: number[],
  ) {}
}

export class Comparison {
  private readonly all: Group;
  private readonly pairs: { n: number; sum: number; sumSq: number; a: number; b: number; ties: number }[][];
  private readonly categories = new Map<string, Group>();

  constructor(
    readonly targets: string[],
    private readonly maxCategories: number,
    private readonly otherName: string,
  ) {
    this.all = this.group();
    this.pairs = targets.map(() => targets.map(() => ({ n: 0, sum: 0, sumSq: 0, a: 0, b: 0, ties: 0 })));
  }

  /** One question answered by every target: `scores[t]` in `targets` order. */
  add(category: string, scores: number[]): void {
    let cat = this.categories.get(category);
    if (!cat && this.categories.size < this.maxCategories) this.categories.set(category, (cat = this.group()));
    if (!cat) this.categories.set(this.otherName, (cat = this.categories.get(this.otherName) ?? this.group()));
    for (const group of [this.all, cat]) this.count(group, scores);
    for (let i = 0; i < scores.length; i++)
      for (let j = i + 1; j < scores.length; j++) {
        const p = this.pairs[i][j];
        const d = scores[i] - scores[j];
        p.n++;
        p.sum += d;
        p.sumSq += d * d;
        if (round4(scores[i]) === round4(scores[j])) p.ties++;
        else if (d > 0) p.a++;
        else p.b++;
      }
  }

  report(): ComparisonReport {
    const view = (name: string, g: Group): GroupComparison => ({ name, n: g.n, means: g.sums.map((s) => (g.n ? s / g.n : Number.NaN)), best: g.best });
    const pairs: PairReport[] = [];
    this.targets.forEach((a, i) =>
      this.targets.forEach((b, j) => {
        if (j <= i) return;
        const p = this.pairs[i][j];
        const { mean: meanDiff, ci } = meanInterval(p.n, p.sum, p.sumSq);
        pairs.push({ a, b, n: p.n, meanDiff, ...(ci ? { ci } : {}), aBetter: p.a, bBetter: p.b, ties: p.ties });
      }),
    );
    return {
      ...view("all", this.all),
      targets: this.targets,
      ties: this.all.ties,
      pairs,
      categories: [...this.categories].map(([name, g]) => view(name, g)),
    };
  }

  private group(): Group {
    return new Group(
      this.targets.map(() => 0),
      this.targets.map(() => 0),
    );
  }

  private count(g: Group, scores: number[]): void {
    g.n++;
    scores.forEach((s, t) => (g.sums[t] += s));
    const top = Math.max(...scores.map(round4));
    const winners = scores.map((s, t) => (round4(s) === top ? t : -1)).filter((t) => t >= 0);
    if (winners.length === 1) g.best[winners[0]]++;
    else g.ties++;
  }
}
