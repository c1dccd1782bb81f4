/**
 * The HTML page around the sections: self-contained (inline CSS and SVG, one small inline script) under a
 * Content-Security-Policy that allows nothing but that style and that script, by hash — no network, no
 * injected script, no inline event handler could run even if escaping were ever missed.
 */
import { createHash } from "node:crypto";
import type { ReportData } from "./aggregate.js";
import { escapeHtml } from "./escape.js";
import { SCRIPT } from "./page-script.js";
import { STYLE } from "./page-style.js";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

export const CSP = [
  "default-src 'none'",
  `style-src ${hash(STYLE)}`,
  `script-src ${hash(SCRIPT)}`,
  "img-src 'none'",
  "font-src 'none'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const SECTIONS: [string, string][] = [
  ["summary", "Summary"],
  ["distribution", "Distribution"],
  ["categories", "By category"],
  ["scatter", "Probes vs answers"],
  ["comparison", "Model comparison"],
  ["least-consistent", "Least consistent"],
];

/** The page's head, then `header`, a table of contents, `sections`, and the script. */
export function pageStart(data: ReportData, header: string): string {
  return [
    `<!doctype html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<meta name="referrer" content="no-referrer">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>auditllm report: ${escapeHtml(data.run.id)}</title>`,
    `<style>${STYLE}</style>`,
    `</head>`,
    `<body>`,
    header,
    `<nav aria-label="Sections"><ul>${SECTIONS.map(([id, name]) => `<li><a href="#${id}">${name}</a></li>`).join("")}</ul></nav>`,
    `<main>`,
  ].join("\n");
}

export function pageEnd(): string {
  return [
    `</main>`,
    `<footer>Written by auditllm. Every row, with all answers and scores, is in results.jsonl and results.csv beside this file.</footer>`,
    `<script>${SCRIPT}</script>`,
    `</body>`,
    `</html>`,
    ``,
  ].join("\n");
}
