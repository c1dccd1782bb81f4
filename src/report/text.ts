/** Helpers for showing untrusted (LLM) text in a terminal: no control sequences get through. */

/** Removes terminal control characters (ANSI escapes, bells, carriage returns) but keeps newlines and tabs as spaces. */
export function sanitizeForTerminal(text: string): string {
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\t/g, " ");
}

/** One line: newlines become spaces, runs of spaces collapse. */
export function oneLine(text: string): string {
  return sanitizeForTerminal(text).replace(/\s+/g, " ").trim();
}

/** Wraps to `width` columns, at most `maxLines` lines (the last ending in … when cut). */
export function wrap(text: string, width: number, maxLines = Infinity): string[] {
  const words = oneLine(text).split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = "";
    }
    line = line ? `${line} ${word}` : word.length > width ? word.slice(0, width) : word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1];
  kept[maxLines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  return kept;
}

export function fixed(x: number | undefined, digits = 2): string {
  return x === undefined || Number.isNaN(x) ? "–" : x.toFixed(digits);
}
