/**
 * The written report.html in a real headless Chromium, from a file:// URL: no errors, no network, the charts
 * drawn, the sorter working under the CSP, no injected script run. Saves docs/report-example.png under
 * `npm run screenshots`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import test, { after, before } from "node:test";
import type { Page } from "playwright-core";
import { browserSkip as skip, docsScreenshot, launchChromium, type TestBrowser } from "../../testing/browser.js";
import { writeReport } from "./index.js";
import { hostileRun, quizRows, runInfo, sourceOf } from "../../testing/batch-rows.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-browser-"));
let browser: TestBrowser;

before(async () => {
  if (!skip) browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a report and records everything that went wrong or went out. */
async function open(path: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(`console ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
  await page.waitForTimeout(200);
  return { page, problems, requests };
}

/** Width and height of the first element matching `selector`, and how many match. */
async function sizes(page: Page, selector: string): Promise<{ count: number; width: number; height: number }> {
  const all = page.locator(selector);
  const box = await all.first().boundingBox();
  return { count: await all.count(), width: box?.width ?? 0, height: box?.height ?? 0 };
}

const xss = (page: Page) => page.evaluate("typeof window.__xss");

async function assertRendered(page: Page): Promise<void> {
  for (const selector of ["svg.histogram rect.bar", "svg.scatter .pt", "svg.scatter line.diagonal", "svg.histogram line.threshold", "svg.scatter"]) {
    const { count, width, height } = await sizes(page, selector);
    assert.ok(count > 0, `${selector} exists`);
    assert.ok(width > 0 && height > 0, `${selector} has a size (${width}×${height})`);
  }
}

test("a realistic report (200 questions × 2 targets) renders with no error and no request; the table sorter works", { skip }, async () => {
  const run = runInfo({
    skipped: [
      { line: 58, error: "the question is empty" },
      { line: 131, error: "line 131: unclosed quote" },
    ],
  });
  const path = join(dir, "report.html");
  await writeReport(
    "html",
    sourceOf(run, () => quizRows(run, 200)),
    path,
  );
  const { page, problems, requests } = await open(path);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [pathToFileURL(path).href], "the page itself is the only request");
  await assertRendered(page);
  assert.equal(await page.locator("svg.scatter .pt").count(), [...quizRows(run, 200)].filter((r) => r.result).length);

  const firstCategory = () => page.locator("#categories tbody tr:first-child th").textContent();
  const unsorted = await firstCategory();
  await page.locator("#categories thead th").first().locator("button").click();
  assert.equal(await page.locator("#categories thead th").first().getAttribute("aria-sort"), "ascending");
  assert.equal(await firstCategory(), "Art", "sorted by name");
  assert.notEqual(unsorted, "Art", "the table did not start in name order");
  await page.locator("#categories thead th").first().locator("button").click();
  assert.equal(await firstCategory(), "Mountains");

  await page.reload({ waitUntil: "load" });
  await docsScreenshot(page, "report-example.png");
  assert.deepEqual(problems, []);
  await page.close();
});

test("injected markup stays text: no script runs, nothing is fetched", { skip }, async () => {
  const { run, rows } = hostileRun();
  const path = join(dir, "hostile.html");
  await writeReport("html", sourceOf(run, rows), path);
  const { page, problems, requests } = await open(path);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [pathToFileURL(path).href], "an <img src=x> would have been fetched");
  assert.equal(await xss(page), "undefined");
  assert.equal(await page.locator("img").count(), 0);
  assert.equal(await page.locator("script").count(), 1);
  assert.ok((await page.locator("#least-consistent").textContent())!.includes(`A<img src=x onerror="window.__xss=1">`), "the payload is shown as text");
  await page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })");
  await page.waitForTimeout(100);
  assert.equal(await xss(page), "undefined");
  await assertRendered(page);
  await page.close();
});

test("at 1280 px the summary table with every column (samples, meaning, truthfulness) fits: no column is scrolled out of sight", { skip }, async () => {
  const targets = ["openai-compatible:gpt-3.5-turbo-0125", "openai-compatible:llama-3.1-8b-instruct"];
  const run = runInfo({ targets });
  const full = function* () {
    for (const row of quizRows(run, 60)) {
      if (!row.result) {
        yield row;
        continue;
      }
      const scores = { ...row.result.scores, withinPrompt: 0.81234, acrossPrompts: 0.61234, clusters: [[0, 1], [2]], semanticEntropy: 0.6365, contradictions: [] };
      yield { ...row, result: { ...row.result, scores, truthfulness: { metric: "hybrid", mean: 0.61, perAnswer: [0.61] } } };
    }
  };
  const path = join(dir, "full.html");
  await writeReport("html", sourceOf(run, full), path);
  const { page, problems } = await open(path);
  assert.deepEqual(problems, []);
  const headers = await page.locator("#summary thead th").allTextContents();
  assert.ok(headers.some((h) => h.includes("Mean truthfulness")) && headers.some((h) => h.includes("Different prompts")), headers.join(" | "));
  const fit = (await page.evaluate(`(() => {
    const table = document.querySelector("#summary table");
    const box = table.parentElement;
    const last = [...table.querySelectorAll("thead th")].pop().getBoundingClientRect();
    return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, lastRight: last.right, viewport: window.innerWidth };
  })()`)) as { scrollWidth: number; clientWidth: number; lastRight: number; viewport: number };
  assert.ok(fit.scrollWidth <= fit.clientWidth, `the table needs ${fit.scrollWidth} px in ${fit.clientWidth} px`);
  assert.ok(fit.lastRight <= fit.viewport, `the last column ends at ${fit.lastRight} px of ${fit.viewport}`);
  await page.close();
});
