/** The one way text from a user, an LLM or an input file enters the HTML report: escaped, for text and attributes alike. */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes &, <, >, " and ' and drops control characters (other than tab and newline) that HTML cannot carry. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Cuts long text at `max` characters (on a word boundary when one is near) and adds an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}
