/**
 * `auditllm compare <run-a> <run-b>`: the paired comparison of two batch runs (app/compare), printed or as JSON,
 * and a gate for CI: exit 1 when the mean consistency drops by more than --fail-if-worse, or when more than
 * --max-worse-share of the questions got worse by more than the margin.
 */
import { compareRuns, type RunComparison } from "../app/compare.js";
import { databasePath } from "../config/paths.js";
import { fixed, oneLine } from "../report/text.js";
import { openDatabase } from "../store/index.js";

export interface CompareCliOptions {
  targetA?: string;
  targetB?: string;
  margin?: number;
  failIfWorse?: number;
  maxWorseShare?: number;
  /** Largest drops listed (default 10). */
  top?: number;
  json?: boolean;
}

export async function compare(runA: string, runB: string, options: CompareCliOptions): Promise<void> {
  const db = openDatabase(databasePath());
  let comparison: RunComparison;
  try {
    comparison = compareRuns(db, runA, runB, options);
  } finally {
    db.close();
  }
  const top = options.top ?? 10;
  if (options.json) {
    const { rows, ...rest } = comparison;
    process.stdout.write(`${JSON.stringify({ ...rest, largestDrops: rows.slice(0, top) }, null, 2)}\n`);
  } else process.stdout.write(render(comparison, top));
  for (const warning of comparison.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (comparison.gate?.failures.length) {
    process.stderr.write(`auditllm: run ${runB} fails the gate against run ${runA}: ${comparison.gate.failures.join("; ")}\n`);
    process.exitCode = 1;
  }
}

const signed = (x: number) => `${x >= 0 ? "+" : "−"}${fixed(Math.abs(x), 3)}`;

function render(c: RunComparison, top: number): string {
  const line = (side: "A" | "B", run: RunComparison["a"]) =>
    `Run ${side} ${run.runId}  ${oneLine(run.target)} · ${oneLine(run.input)} · metric ${oneLine(run.metric)}${run.probesFrom ? ` · probes of run ${run.probesFrom}` : ""}`;
  const out = [line("A", c.a), line("B", c.b), ""];
  out.push(`Questions in both  ${c.matched}  (only in A ${c.onlyA}, only in B ${c.onlyB})`);
  if (c.meanDifference !== null) {
    const interval = c.interval ? `  95% CI ${signed(c.interval[0])} to ${signed(c.interval[1])}` : "";
    out.push(`Mean difference    ${signed(c.meanDifference)} (B − A)${interval}`);
    const share = (n: number) => `${((100 * n) / c.matched).toFixed(1)}%`;
    out.push(`Better in B        ${c.better} (${share(c.better)}) by more than ${c.margin}`);
    out.push(`Worse in B         ${c.worse} (${share(c.worse)}) by more than ${c.margin}`);
    out.push(`${`Within ±${c.margin}`.padEnd(19)}${c.matched - c.better - c.worse}`);
  }
  const drops = c.rows.slice(0, top).filter((r) => r.difference < 0);
  if (drops.length) {
    out.push("", `Largest drops (A → B)`);
    for (const r of drops) out.push(`  ${signed(r.difference)}  ${fixed(r.a)} → ${fixed(r.b)}  ${oneLine(r.question)}`);
  }
  if (c.gate) {
    const limits = [c.gate.failIfWorse !== undefined ? `mean drop ≤ ${c.gate.failIfWorse}` : "", c.gate.maxWorseShare !== undefined ? `worse share ≤ ${c.gate.maxWorseShare}` : ""]
      .filter(Boolean)
      .join(", ");
    out.push("", c.gate.failures.length ? `Gate (${limits}): FAILED — ${c.gate.failures.join("; ")}` : `Gate (${limits}): passed`);
  }
  return `${out.join("\n")}\n`;
}
