import assert from "node:assert/strict";
import test from "node:test";
import { PassThrough } from "node:stream";
import { median } from "../../core/scores.js";
import type { BatchRow, BatchRunInfo, ReportOptions } from "./types.js";
import { escapeHtml } from "./escape.js";
import { writeReport } from "./index.js";
import { auditResult, fortuneRow, hostileRun, quizRows, runInfo, sourceOf, XSS_PAYLOADS } from "../../testing/batch-rows.js";

async function htmlOf(run: BatchRunInfo, rows: Iterable<BatchRow> | (() => Iterable<BatchRow>), options?: ReportOptions): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeReport("html", sourceOf(run, rows), out, options);
  return Buffer.concat(chunks).toString("utf8");
}

/** The HTML of one section (from its opening tag to the next section). */
const section = (html: string, id: string) => html.slice(html.indexOf(`<section id="${id}"`), html.indexOf("</section>", html.indexOf(`<section id="${id}"`)));
/** The table row (<tr>…</tr>) of `html` that contains `text`. */
const rowWith = (html: string, text: string) =>
  html
    .split("<tr>")
    .find((r) => r.includes(text))
    ?.split("</tr>")[0] ?? "";
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

test("every section is there, under a strict Content-Security-Policy and with nothing to load", async () => {
  const run = runInfo();
  const html = await htmlOf(run, () => quizRows(run, 200));
  for (const [id, title] of [
    ["summary", "Summary per target"],
    ["distribution", "Score distribution"],
    ["categories", "By category"],
    ["scatter", "Probe similarity against answer similarity"],
    ["comparison", "Model comparison"],
    ["least-consistent", "Least consistent questions"],
  ]) {
    assert.match(html, new RegExp(`<section id="${id}" aria-labelledby="[a-z-]+"><h2 id="[a-z-]+">${title}</h2>`), id);
  }
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1] ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http/);
  assert.doesNotMatch(html, /https?:\/\//, "no URL at all");
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed)\b|@import|url\((?!#)/i, "nothing external: only in-page url(#pattern) references");
  assert.doesNotMatch(html, / style="/, "no inline style attributes (the CSP would block them)");
  assert.equal(html.match(/<script/g)?.length, 1, "one script: the table sorter");
});

test("numbers match the rows: means, medians, shares, category means, the paired comparison and the worst question", async () => {
  const run = runInfo();
  const rows = [...quizRows(run, 200)];
  const html = await htmlOf(run, rows);
  const summary = section(html, "summary");
  const consistencyOf = (target: string, filter: (r: BatchRow) => boolean = () => true) => rows.filter((r) => r.target === target && r.result && filter(r)).map((r) => r.result!.scores.consistency!);
  for (const target of run.targets) {
    const xs = consistencyOf(target);
    const row = rowWith(summary, escapeHtml(target));
    assert.ok(row.includes(`<strong>${mean(xs).toFixed(2)}</strong>`), `mean of ${target}: ${mean(xs).toFixed(2)} in ${row}`);
    const under = xs.filter((x) => x < 0.6).length;
    assert.ok(row.includes(`${((100 * under) / xs.length).toFixed(1)}% <span class="muted">(${under})</span>`), "share under the threshold");
    const printedMedian = Number(row.match(/data-v="([\d.]+)">([\d.]+)<\/td><td data-v="0\.\d+">[\d.]+%/)![2]);
    assert.ok(Math.abs(printedMedian - median(xs)) <= 0.011, `median ${printedMedian} vs ${median(xs)}`);
    assert.ok(row.includes(`>${xs.length}</td>`), "questions audited");
  }
  const history = consistencyOf(run.targets[0], (r) => r.category === "History");
  assert.ok(rowWith(section(html, "categories"), ">History<").includes(`${mean(history).toFixed(2)} <span class="muted">n=${history.length}</span>`));

  const paired = [...new Set(rows.map((r) => r.idx))].map((idx) => run.targets.map((t) => rows.find((r) => r.idx === idx && r.target === t)?.result?.scores.consistency));
  const complete = paired.filter((p): p is number[] => p.every((x) => x !== undefined));
  const diff = mean(complete.map(([a, b]) => b - a));
  const verdict = section(html, "comparison").match(/<p class="verdict">(.*?)<\/p>/)![1];
  assert.ok(verdict.includes(`paired difference +${Math.abs(diff).toFixed(3)}`), verdict);
  assert.ok(verdict.includes(`over ${complete.length} questions`), verdict);
  assert.match(verdict, diff > 0 ? /^<strong>ollama:qwen2\.5:7b<\/strong> is more consistent than/ : /llama3/);

  const worst = Math.min(...consistencyOf(run.targets[0]));
  const least = section(html, "least-consistent");
  assert.ok(least.includes(`<span class="rank">1.</span> <span class="score bad">${worst.toFixed(2)} ✗</span>`));
  assert.equal(least.match(/<article class="worst">/g)?.length, 50, "25 per target with two targets");
  const points = section(html, "scatter").match(/class="pt"/g)?.length;
  assert.equal(points, rows.filter((r) => r.result).length, "every question is a point below the sampling limit");
});

test("histogram bars: one per non-empty bin, labelled with its count, the threshold drawn", async () => {
  const run = runInfo({ targets: ["m"] });
  const values = [0.05, 0.31, 0.33, 0.58, 0.61, 0.62, 0.99, 1];
  const rows = values.map((v, idx) =>
    fortuneRow({
      idx,
      target: "m",
      pairwise: [
        [1, v],
        [v, 1],
      ],
      answers: ["a", "b"],
    }),
  );
  const dist = section(await htmlOf(run, rows), "distribution");
  const bars = [...dist.matchAll(/<rect class="bar"[^>]*><title>([^<]+)<\/title>/g)].map((m) => m[1]);
  assert.deepEqual(bars, ["0.05–0.10: 1 (12.5%)", "0.30–0.35: 2 (25.0%)", "0.55–0.60: 1 (12.5%)", "0.60–0.65: 2 (25.0%)", "0.95–1.00: 2 (25.0%)"]);
  assert.match(dist, /<line class="threshold"/);
  assert.match(dist, /threshold 0\.60/);
});

test("everything from a user, an input file or an LLM is escaped: text, attributes and SVG titles", async () => {
  const { run, rows } = hostileRun();
  const [img, script, svg] = XSS_PAYLOADS;
  const html = await htmlOf(run, rows);
  const header = html.slice(0, html.indexOf("</header>"));
  const where: [string, string][] = [
    [header, `run${svg}`],
    [header, `in${img}.csv`],
    [header, `p${script}`],
    [header, `m${svg}`],
    [header, `t1${img}`],
    [header, `t2${svg}`],
    [header, `bad ${script}`],
    [section(html, "summary"), `t2${svg}`],
    [section(html, "summary"), `E${img}`],
    [section(html, "distribution"), `t1${img}`],
    [section(html, "categories"), `C${script}`],
    [section(html, "scatter"), `Q${img}1`],
    [section(html, "comparison"), `t1${img}`],
    [section(html, "comparison"), `C${script}`],
    [section(html, "least-consistent"), `A${img}`],
    [section(html, "least-consistent"), `A${script}`],
    [section(html, "least-consistent"), `P${svg}`],
    [section(html, "least-consistent"), `failed ${svg}`],
    [section(html, "least-consistent"), `id${svg}`],
    [section(html, "least-consistent"), `k${script}: v${img}`],
  ];
  for (const [part, text] of where) assert.ok(part.includes(escapeHtml(text)), `escaped ${text}`);
  for (const p of XSS_PAYLOADS) {
    assert.equal(html.includes(p), false, `raw payload ${p}`);
    assert.ok(html.includes(escapeHtml(p)), `escaped payload ${escapeHtml(p)}`);
  }
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i, "no element carries an event handler");
  assert.equal(html.match(/<script/gi)?.length, 1);
  assert.equal(html.match(/<img/gi), null);
  const titles = [...html.matchAll(/<title[^>]*>([^<]*)<\/title>/g)].map((m) => m[1]);
  assert.ok(
    titles.some((t) => t.includes(escapeHtml(`Q${img}0`))),
    "scatter tooltips carry the escaped question",
  );
  assert.equal(escapeHtml(`a&b<c>"d'e\u0007`), "a&amp;b&lt;c&gt;&quot;d&#39;e");
});

test("header: run facts, counts, and skipped rows listed up to 20, then 'and N more'", async () => {
  const skipped = Array.from({ length: 26 }, (_, i) => ({ line: 100 + i, error: "the question is empty" }));
  const run = runInfo({ skipped });
  const html = await htmlOf(run, () => quizRows(run, 10));
  const header = html.slice(html.indexOf("<header>"), html.indexOf("</header>"));
  for (const text of [run.id, run.input, run.createdAt, run.finishedAt!, run.prober, run.metric, "0.60", "(48 min)", "Consistency audit of 10 questions", "20 rows"])
    assert.ok(header.includes(text), text);
  assert.ok(
    header.includes(
      `26: lines ${skipped
        .slice(0, 20)
        .map((s) => s.line)
        .join(", ")}, and 6 more`,
    ),
  );
  assert.equal(header.includes("line 120:"), false, "the 21st skipped row is not listed");
});

test("one target, no categories, several samples: the sections say so instead of showing empty charts", async () => {
  const run = runInfo({ targets: ["m"] });
  const result = auditResult({
    question: "q",
    target: "m",
    probes: [{ text: "p", relevance: 0.8 }],
    answers: ["a1", "a2", "b1", "b2"],
    samples: 2,
    pairwise: [
      [1, 0.9, 0.5, 0.4],
      [0.9, 1, 0.6, 0.5],
      [0.5, 0.6, 1, 0.8],
      [0.4, 0.5, 0.8, 1],
    ],
  });
  const html = await htmlOf(run, [{ idx: 0, line: 2, question: "q", meta: {}, target: "m", result }]);
  assert.match(section(html, "comparison"), /One target only/);
  assert.match(section(html, "categories"), /no category column/);
  const summary = section(html, "summary");
  assert.match(summary, /Same prompt \(sampling noise\)/);
  // same prompt: (0.9 + 0.8) / 2; different prompts: (0.5 + 0.4 + 0.6 + 0.5) / 4
  assert.match(rowWith(summary, " m</th>"), /<td data-v="0\.85\d*">0\.85<\/td><td data-v="0\.5">0\.50<\/td>$/);
  const empty = await htmlOf(run, []);
  assert.match(empty, /Consistency audit of 0 questions/);
  assert.match(section(empty, "scatter"), /nothing to plot/);
});

test("a non-answer is tagged in the worst questions' answers", async () => {
  const row = fortuneRow();
  row.result!.scores.nonAnswers = [{ index: 0, kind: "refusal" }];
  const html = await htmlOf(runInfo(), [row]);
  assert.match(html, /<span class="tag tag-non-answer">non-answer: refusal<\/span>/);
});
