/** The report's stylesheet: system fonts, high contrast, tabular numbers, print-friendly. Inline, allowed by its hash in the CSP. */
export const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --bad: #b42318; --accent: #0550ae; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header, main, footer, nav { max-width: 1280px; margin: 0 auto; padding: 0 24px; box-sizing: border-box; }
header { padding-top: 28px; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: 12px; }
h1 { font-size: 28px; margin: 4px 0 16px; }
h2 { font-size: 22px; margin: 40px 0 8px; padding-top: 12px; border-top: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 28px 0 8px; }
h4 { display: inline; font-size: 15px; font-weight: 600; margin: 0; }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 6px 24px; margin: 0; }
.facts div { border-left: 3px solid var(--line); padding-left: 10px; }
dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
dd { margin: 0; overflow-wrap: anywhere; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 12px 0 0; margin: 16px 0 0; border-top: 1px solid var(--line); }
a { color: var(--accent); }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-size: 13px; border-bottom: 2px solid var(--ink); }
tbody th[scope=row] { white-space: nowrap; }
td[data-v], td.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fbfcfd; }
#summary table { font-size: 14px; }
#summary th, #summary td { padding: 5px 6px; }
#summary thead th { font-size: 12px; hyphens: auto; }
#summary tbody th[scope=row] { white-space: normal; overflow-wrap: break-word; min-width: 9em; }
#summary td .muted { display: block; font-size: 12px; }
th button { all: inherit; cursor: pointer; padding: 0; text-decoration: underline dotted; }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 16px; }
figure { margin: 8px 0; }
figure.wide { max-width: 760px; }
figcaption { font-size: 14px; color: var(--ink); }
.chart { width: 100%; height: auto; display: block; }
.chart text { font: 11px system-ui, sans-serif; fill: var(--ink); }
.chart .axis-label { font-size: 12px; fill: var(--muted); }
.chart .grid { stroke: #e4e8ec; stroke-width: 1; }
.chart .axis { stroke: var(--ink); stroke-width: 1; }
.chart .threshold { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 5 4; }
.chart .threshold-label { fill: var(--bad); font-weight: 600; }
.chart .diagonal { stroke: var(--ink); stroke-width: 1.6; }
.chart .diagonal-label { font-weight: 600; }
.chart .under { fill: #fff4f2; }
.chart .region-label { fill: var(--bad); font-size: 12px; }
.legend { list-style: none; padding: 0; margin: 6px 0; }
.symbol { vertical-align: -2px; }
.target { display: inline-block; margin-right: 12px; overflow-wrap: break-word; }
.minibar { vertical-align: middle; margin-right: 4px; }
.verdict { font-size: 16px; background: var(--soft); border-left: 4px solid var(--accent); padding: 10px 14px; }
.score { font-weight: 600; font-variant-numeric: tabular-nums; }
.score.bad { color: var(--bad); }
article.worst { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 10px 0; }
article.worst summary { cursor: pointer; }
.rank { color: var(--muted); }
.meta { color: var(--muted); font-size: 13px; margin: 6px 0; }
.question { font-weight: 600; }
.label { display: inline-block; min-width: 2.4em; font: 600 12px/1.6 ui-monospace, Menlo, Consolas, monospace; background: var(--soft); border: 1px solid var(--line); border-radius: 3px; text-align: center; }
.probes { list-style: none; padding: 0; margin: 6px 0; }
.probes .num { display: inline-block; width: 3em; text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
table.answers { width: 100%; }
table.answers td:last-child { white-space: pre-wrap; overflow-wrap: anywhere; }
tr.outlier { background: #fff4f2 !important; }
tr.worst-pair { box-shadow: inset 4px 0 0 var(--bad); }
.tag { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 0 6px; border-radius: 3px; border: 1px solid var(--bad); color: var(--bad); background: #fff; }
.tag-pair { border-style: dashed; }
.tag-non-answer { border-color: #777; color: #555; }
.failed { color: var(--bad); font-style: italic; }
ul.plain { margin: 4px 0; padding-left: 18px; }
footer { color: var(--muted); font-size: 13px; padding: 32px 24px 40px; }
@media print { th button { text-decoration: none; } }
`;
