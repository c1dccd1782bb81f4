/**
 * How two score-golden outputs differ, value by value: a change that only reorders floating-point sums
 * moves some numbers in their last bits (relative 1e-15), which the reports, rounded to 4 places, never
 * show; anything else (a label, a cluster, an index, a number that moved more) is a change of result.
 */
export interface GoldenDiff {
  /** Numbers compared, and how many of them differ at all. */
  numbers: number;
  differ: number;
  /** The largest relative difference of two numbers (0 when none differ). */
  maxRelative: number;
  /** Numbers that differ once rounded to 4 places, as every report shows them. */
  roundingFlips: number;
  /** Values that differ and are not two numbers (strings, booleans, null, missing keys, array lengths). */
  other: number;
  /** The first few differences, with their paths. */
  examples: string[];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function goldenDiff(expected: unknown, got: unknown): GoldenDiff {
  const diff: GoldenDiff = { numbers: 0, differ: 0, maxRelative: 0, roundingFlips: 0, other: 0, examples: [] };
  const note = (path: string, a: unknown, b: unknown) => {
    if (diff.examples.length < 5) diff.examples.push(`${path || "(root)"}: ${JSON.stringify(a)?.slice(0, 80)} → ${JSON.stringify(b)?.slice(0, 80)}`);
  };
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === "number" && typeof b === "number") {
      diff.numbers++;
      if (a === b) return;
      diff.differ++;
      diff.maxRelative = Math.max(diff.maxRelative, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
      if (round4(a) !== round4(b)) {
        diff.roundingFlips++;
        note(path, a, b);
      }
      return;
    }
    if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], `${path}.${key}`);
      return;
    }
    if (a !== b) {
      diff.other++;
      note(path, a, b);
    }
  };
  walk(expected, got, "");
  return diff;
}

/** Whether the outputs agree up to last-bit differences: nothing but numbers within `relative` of each other, none visible at 4 places. */
export const withinLastBits = (diff: GoldenDiff, relative: number): boolean => diff.other === 0 && diff.roundingFlips === 0 && diff.maxRelative <= relative;
