/** How the batch pages name numbers: counts with separators, durations, sizes, signed differences. */

export const count = (n: number) => n.toLocaleString("en-US");

/** 42s, 3m05s, 2h10m; "–" when unknown. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** +0.12, −0.30, 0.00 (a true minus sign). */
export function signed(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  const text = Math.abs(x).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${x < 0 ? "−" : "+"}${text}`;
}

/** Seconds between two ISO times (or until now). */
export function elapsed(from: string, to?: string): number {
  return ((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000;
}
