/**
 * One pass over the rows with bounded state: per-target and per-category sums and score bins, a sampled
 * scatter, the least consistent rows (a top-k heap), and the paired comparison of targets — built from the
 * adjacent rows of each question, so no more than one question's rows are held at a time.
 */
import type { BatchRow, BatchRunInfo, ReportOptions } from "./types.js";
import { Comparison, type ComparisonReport } from "./comparison.js";
import { clip } from "./escape.js";
import { Reservoir } from "./reservoir.js";
import { rowFacts, type RowFacts } from "./row-facts.js";
import { Mean, ScoreStats, Tally } from "./running.js";
import { TopK } from "./top-k.js";

export const NO_CATEGORY = "(no category)";
export const OTHER_CATEGORIES = "(other categories)";
/** Failed rows listed per target (the rest are counted; every error is in results.csv). */
export const FAILURES_KEPT = 10;

export interface ScatterPoint {
  x: number;
  y: number;
  line: number;
  question: string;
}

export interface WorstEntry {
  row: BatchRow;
  facts: RowFacts;
  /** The other targets' consistency on the same question. */
  others: { target: string; consistency?: number }[];
}

export interface TargetReport {
  target: string;
  rows: number;
  failed: number;
  /** The first failed rows (at most FAILURES_KEPT), for the summary. */
  failures: { line: number; question: string; error: string }[];
  /** Audited but fewer than two answers: no consistency. */
  unscored: number;
  consistency: ScoreStats;
  within: Mean;
  across: Mean;
  relevance: Mean;
  /** Semantic entropy, truthfulness (rows with references) and the share of rows with a contradiction (as a mean of 0/1). */
  entropy: Mean;
  truthfulness: Mean;
  contradicted: Mean;
  answers: number;
  failedAnswers: number;
  /** Rows with both a probe relevance and a consistency (scatter points), and how many fall under y = x. */
  points: number;
  underDiagonal: number;
  scatter: Reservoir<ScatterPoint>;
  worst: TopK<WorstEntry>;
}

export interface CategoryReport {
  name: string;
  questions: number;
  perTarget: Map<string, Tally>;
}

export interface ReportData {
  run: BatchRunInfo;
  questions: number;
  rows: number;
  targets: TargetReport[];
  categories: CategoryReport[];
  /** True when some row had a category. */
  hasCategories: boolean;
  /** Present with two targets or more. */
  comparison?: ComparisonReport;
}

const byConsistency = (a: WorstEntry, b: WorstEntry) => a.facts.consistency! - b.facts.consistency! || a.row.idx - b.row.idx;

export class Aggregator {
  private readonly targets = new Map<string, TargetReport>();
  private readonly categories = new Map<string, CategoryReport>();
  private readonly comparison?: Comparison;
  private group: BatchRow[] = [];
  private questions = 0;
  private rows = 0;
  private hasCategories = false;
  private readonly worstK: number;

  constructor(
    private readonly run: BatchRunInfo,
    private readonly options: ReportOptions = {},
  ) {
    const n = Math.max(1, run.targets.length);
    this.worstK = options.worstPerTarget ?? Math.max(8, Math.min(25, Math.ceil(50 / n)));
    for (const t of run.targets) this.target(t);
    if (run.targets.length >= 2) this.comparison = new Comparison(run.targets, this.maxCategories, OTHER_CATEGORIES);
  }

  add(row: BatchRow): void {
    if (this.group.length && this.group[0].idx !== row.idx) this.flush();
    this.group.push(row);
  }

  finish(): ReportData {
    this.flush();
    const comparison = this.comparison?.report();
    return { run: this.run, questions: this.questions, rows: this.rows, targets: [...this.targets.values()], categories: [...this.categories.values()], hasCategories: this.hasCategories, comparison };
  }

  private get maxCategories(): number {
    return this.options.maxCategories ?? 500;
  }

  private flush(): void {
    const group = this.group;
    if (!group.length) return;
    this.group = [];
    this.questions++;
    const facts = group.map((row) => rowFacts(row, this.run.threshold));
    const category = this.category(group[0]);
    category.questions++;
    group.forEach((row, i) => this.addRow(row, facts[i], category, group, facts));
    if (this.comparison) {
      const scores = this.run.targets.map((t) => facts[group.findIndex((r) => r.target === t)]?.consistency);
      if (scores.every((s): s is number => s !== undefined)) this.comparison.add(category.name, scores);
    }
  }

  private addRow(row: BatchRow, facts: RowFacts, category: CategoryReport, group: BatchRow[], groupFacts: RowFacts[]): void {
    this.rows++;
    const t = this.target(row.target);
    t.rows++;
    if (!row.result) {
      t.failed++;
      if (t.failures.length < FAILURES_KEPT) t.failures.push({ line: row.line, question: clip(row.question, 140), error: clip(row.error ?? "no result", 500) });
      return;
    }
    t.answers += facts.answers;
    t.failedAnswers += facts.failedAnswers;
    if (facts.withinPrompt !== undefined) t.within.add(facts.withinPrompt);
    if (facts.acrossPrompts !== undefined) t.across.add(facts.acrossPrompts);
    if (facts.meanRelevance !== undefined) t.relevance.add(facts.meanRelevance);
    if (facts.semanticEntropy !== undefined) t.entropy.add(facts.semanticEntropy);
    if (facts.truthfulness !== undefined) t.truthfulness.add(facts.truthfulness);
    if (facts.distinctAnswers !== undefined) t.contradicted.add(facts.contradictions.length ? 1 : 0);
    const y = facts.consistency;
    if (y === undefined) {
      t.unscored++;
      return;
    }
    t.consistency.add(y);
    let stats = category.perTarget.get(row.target);
    if (!stats) category.perTarget.set(row.target, (stats = new Tally(this.run.threshold)));
    stats.add(y);
    if (facts.meanRelevance !== undefined) {
      t.points++;
      if (y < facts.meanRelevance) t.underDiagonal++;
      t.scatter.offer({ x: facts.meanRelevance, y, line: row.line, question: clip(row.question, 140) });
    }
    const others = group.filter((r) => r !== row).map((r) => ({ target: r.target, consistency: groupFacts[group.indexOf(r)].consistency }));
    t.worst.offer({ row, facts, others });
  }

  private target(name: string): TargetReport {
    let t = this.targets.get(name);
    if (!t) {
      const seed = this.targets.size + 1;
      const threshold = this.run.threshold;
      t = {
        target: name,
        rows: 0,
        failed: 0,
        failures: [],
        unscored: 0,
        consistency: new ScoreStats(threshold),
        within: new Mean(),
        across: new Mean(),
        relevance: new Mean(),
        entropy: new Mean(),
        truthfulness: new Mean(),
        contradicted: new Mean(),
        answers: 0,
        failedAnswers: 0,
        points: 0,
        underDiagonal: 0,
        scatter: new Reservoir(this.options.scatterPointsPerTarget ?? 3000, seed),
        worst: new TopK(this.worstK, byConsistency),
      };
      this.targets.set(name, t);
    }
    return t;
  }

  private category(row: BatchRow): CategoryReport {
    const raw = row.category?.trim();
    if (raw) this.hasCategories = true;
    let name = raw || NO_CATEGORY;
    if (!this.categories.has(name) && this.categories.size >= this.maxCategories) name = OTHER_CATEGORIES;
    let c = this.categories.get(name);
    if (!c) this.categories.set(name, (c = { name, questions: 0, perTarget: new Map() }));
    return c;
  }
}
