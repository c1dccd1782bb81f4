/**
 * Text made safe for XML (the JUnit file, the cells of results.xlsx): characters XML 1.0 cannot hold at all
 * (control characters other than tab and newlines, lone surrogates, U+FFFE/U+FFFF) are removed, because no
 * escape can carry them; `xmlEscape` also escapes markup for text and attribute values.
 */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXml(text: string): string {
  return text.replace(INVALID_XML, "");
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;" };

/** For attribute values (newlines and tabs kept as character references) and text alike. */
export function xmlEscape(text: string): string {
  return stripInvalidXml(text).replace(/[&<>"'\r\n\t]/g, (c) => ENTITIES[c]!);
}

/** For element text: newlines stay as they are. */
export function xmlText(text: string): string {
  return stripInvalidXml(text).replace(/[&<>]/g, (c) => ENTITIES[c]!);
}
