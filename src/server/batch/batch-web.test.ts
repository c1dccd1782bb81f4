/**
 * The batch pages end to end in headless Chromium: the real server with the built app, the built CLI running
 * each batch in a child process, a scripted OpenAI-compatible server answering the prober and two targets,
 * SQLite in a temporary home. Upload → start → live progress → the finished table (sort, filter, search, open
 * a row and come back), the report's charts in their sandboxed frame, markup in a question shown as text,
 * cancel and resume, the history, and the comparison of two runs. Saves docs/web-batch.png and
 * docs/web-compare.png under `npm run screenshots`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test, { after, before } from "node:test";
import type { Page } from "playwright-core";
import { auditScript } from "../../testing/audit-script.js";
import { browserSkip, docsScreenshot, launchChromium, watchedPage, type TestBrowser } from "../../testing/browser.js";
import { startTestLlmServer, type TestLlmServer } from "../../testing/llm-server.js";
import { startTestWebServer, type TestWebServer } from "../../testing/web-server.js";

const skip = browserSkip;
const M = "openai-compatible:m";
const N = "openai-compatible:n";
const XSS = "<img src=x onerror=window.__xss=1> Where did fortune cookies originate?";
const SPIDER = "How many legs does a spider have?";
const CSV = [
  "question,category",
  "Who wrote Hamlet?,Literature",
  "Is MSG harmful to eat?,Health",
  "Broken row,Health,one field too many",
  `"${XSS}",Food`,
  `${SPIDER},Animals`,
  "What is the capital of Australia?,Geography",
  "Which planet is the largest?,Space",
].join("\n");
const ODD = ["Spiders have eight legs.", "I cannot answer questions about animals.", "Six, like every insect.", "Ten, counting the two pedipalps.", "It depends on the species."];

const script = auditScript({
  answer: (prompt, r) => {
    if (r.model === "n" && prompt.includes("legs")) return ODD[prompt.length % ODD.length]!;
    if (prompt.includes("wrote Hamlet")) return "William Shakespeare wrote Hamlet.";
    return `${r.model} says: the answer to "${prompt.replace(/\?$/, "")}" is forty-two.`;
  },
});

let llm: TestLlmServer;
let web: TestWebServer;
let browser: TestBrowser;
let files: string;
let firstRun = "";

before(async () => {
  if (skip) return;
  llm = await startTestLlmServer({ reply: script.reply, models: ["m", "n"] });
  web = await startTestWebServer({ llm, deps: { batch: { baseUrl: llm.openaiBaseUrl } } });
  browser = await launchChromium({ width: 1280, height: 1000 });
  files = mkdtempSync(join(tmpdir(), "auditllm-batch-web-"));
  writeFileSync(join(files, "questions.csv"), CSV);
});
after(async () => {
  await browser?.close();
  await web?.close();
  await llm?.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

/** Fills the batch form: the questions file, targets m and n (not the suggested Ollama model), 3 probes. */
async function newBatch(page: Page, targets = [M, N], file = join(files, "questions.csv")): Promise<void> {
  await page.goto(`${web.url}/batch`);
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.locator(".upload-summary").waitFor();
  // The detected model is ticked for you (once the catalog is in); untick it for the scripted server's m and n.
  await page.locator('input[value="ollama:m:latest"]:checked').waitFor();
  await page.getByLabel("ollama:m:latest", { exact: true }).uncheck();
  for (const t of targets) await page.getByLabel(t, { exact: true }).check();
  await page.getByLabel("Probes per question").fill("3");
}

const rowTexts = (page: Page, column: number) => page.locator(`table.results tbody tr td:nth-child(${column})`).allTextContents();
const numbers = (texts: string[]) => texts.map((t) => Number(/\d\.\d\d/.exec(t)?.[0]));

/**
 * The consistency column once the table shows it in `order` (or as it is after 5 s, for the assertion to
 * report): aria-sort changes at the click, the rows when the server's page arrives, so the rows are polled.
 */
async function sortedRows(page: Page, order: (a: number, b: number) => number): Promise<number[]> {
  let shown: number[] = [];
  for (let i = 0; i < 50; i++) {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector(".table-box[aria-busy=true]"));
    shown = numbers(await rowTexts(page, 5));
    if (shown.every((x, k) => k === 0 || order(shown[k - 1]!, x) <= 0)) return shown;
    await page.waitForTimeout(100);
  }
  return shown;
}

test("a batch from upload to its finished table: sort, filter, search, open a row; markup stays text", { skip }, async () => {
  const { page, problems } = await watchedPage(browser.context);
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await newBatch(page);
  const summary = (await page.locator(".upload-summary").textContent()) ?? "";
  assert.match(summary, /questions\.csv \(csv, [\d.]+ (B|kB)\): 6 question\(s\), 6 with a category/);
  assert.match(summary, /1 row\(s\) will be skipped.*line 4: the row has 3 fields where the header has 2/s);
  await page.getByRole("button", { name: "Start the audit of 6 question(s)" }).click();
  await page.waitForURL(/\/batch\/\d{8}-\d{6}-[0-9a-f]{6}$/);
  firstRun = /\/batch\/([^/?]+)/.exec(page.url())![1]!;
  await page.locator("h1 .status.done").waitFor({ timeout: 60_000 });
  assert.match((await page.locator(".progress-panel").textContent()) ?? "", /✓ Done: 6 of 6 questions done · 1 row\(s\) skipped in \d+s\./);
  await page.getByText("Rows 1–12 of 12").waitFor();
  assert.equal(await page.locator("table.targets tbody tr").count(), 2);
  assert.match((await page.locator("table.targets").textContent()) ?? "", /openai-compatible:m\s*0\.\d\d/);

  // Markup in a question is text: shown literally, never run, never fetched.
  assert.equal(await page.getByRole("link", { name: XSS }).count(), 2);
  assert.equal(await page.evaluate("typeof window.__xss"), "undefined");
  assert.equal(await page.locator("main img").count(), 0);
  assert.ok(!requests.some((u) => u.endsWith("/x")));

  // Sort by consistency, lowest first, then highest first: the header says so (aria-sort) and the numbers follow.
  const consistency = page.getByRole("button", { name: /^Consistency/ });
  await consistency.click();
  await page.waitForFunction(() => (globalThis as any).document.querySelector('th[aria-sort="ascending"]')?.textContent.startsWith("Consistency"));
  const up = await sortedRows(page, (a, b) => a - b);
  assert.deepEqual(
    up,
    [...up].sort((a, b) => a - b),
  );
  assert.ok(((await page.locator("table.results tbody tr").first().textContent()) ?? "").includes(SPIDER), "n's inconsistent spider answers first");
  assert.match(page.url(), /\?sort=consistency$/, "the table's state is in the address");
  await consistency.press("Enter");
  await page.waitForFunction(() => (globalThis as any).document.querySelector('th[aria-sort="descending"]'));
  const down = await sortedRows(page, (a, b) => b - a);
  assert.deepEqual(
    down,
    [...down].sort((a, b) => b - a),
  );

  // Filter by category and target, then search.
  await page.locator('select[name="category"]').selectOption("Animals");
  await page.getByText("Rows 1–2 of 2").waitFor();
  assert.deepEqual(await rowTexts(page, 3), ["Animals", "Animals"]);
  await page.locator('select[name="target"]').selectOption(N);
  await page.getByText("Rows 1–1 of 1").waitFor();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByText("Rows 1–12 of 12").waitFor();
  await page.getByLabel("Search questions").fill("HAMLET");
  await page.getByText("Rows 1–2 of 2").waitFor();
  await page.getByLabel("Search questions").fill("no such question");
  await page.getByText("No result matches these filters").waitFor();
  await page.getByLabel("Search questions").fill("spider");
  await page.getByText("Rows 1–2 of 2").waitFor();

  // Open a row: the question's full audit, as on the live page; back to the table as it was.
  await page.getByRole("link", { name: SPIDER }).first().click();
  await page.waitForURL(/\/batch\/[^/]+\/row\/\d+\?target=/);
  await page.locator(".gauge").waitFor();
  assert.equal(await page.locator("h1").textContent(), SPIDER);
  assert.equal(await page.locator(".heatmap .cell").count(), 16, "the question and 3 probes: 4 × 4");
  assert.equal(await page.locator(".answer").count(), 4);
  assert.match((await page.locator(".row-facts").textContent()) ?? "", /Line6.*CategoryAnimals/);
  await page.getByRole("link", { name: /← Results of run/ }).click();
  await page.getByText("Rows 1–2 of 2").waitFor();
  assert.equal(await page.getByLabel("Search questions").inputValue(), "spider", "the search is remembered");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByText("Rows 1–12 of 12").waitFor();
  await page.getByRole("button", { name: /^Line/ }).click();
  await page.waitForFunction(() => !(globalThis as any).document.querySelector(".table-box[aria-busy=true]"));

  // The report's charts, in their sandboxed frame: histograms and the scatter drawn, the markup still text.
  await page.getByRole("button", { name: "Show the charts" }).click();
  const frame = page.frameLocator("iframe.report");
  await frame.locator("svg.histogram rect.bar").first().waitFor();
  await docsScreenshot(page, "web-batch.png");
  assert.ok((await frame.locator("svg.scatter .pt").count()) >= 12, "a point per question and target");
  assert.equal(await frame.locator("img").count(), 0);
  assert.equal(await page.locator("iframe.report").getAttribute("sandbox"), "allow-scripts");
  assert.equal(await page.evaluate("typeof window.__xss"), "undefined");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a wrong file is refused on the page with what is wrong, and nothing can start", { skip }, async () => {
  const { page, problems } = await watchedPage(browser.context);
  const fake = join(files, "questions.xlsx");
  writeFileSync(fake, Buffer.from([0x00, 0x13, 0x37, 0xff, 0x00, 0x42]));
  await page.goto(`${web.url}/batch`);
  await page.locator('input[type="file"]').setInputFiles(fake);
  const notice = page.locator(".notice.error", { hasText: "This file cannot be audited" });
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? "", /questions\.xlsx: is not an \.xlsx workbook/);
  assert.ok(await page.getByRole("button", { name: "Start the audit" }).isDisabled());
  assert.ok(((await page.locator(".batch-new .actions").textContent()) ?? "").includes("Upload a questions file first."));
  assert.ok(
    problems.every((p) => /status of 400/.test(p)),
    problems.join("\n"),
  );
  await page.close();
});

test("a slow run shows its progress; Cancel stops it and Resume finishes it", { skip }, async () => {
  script.setLatency(200);
  const questions = join(files, "sea.txt");
  writeFileSync(questions, Array.from({ length: 12 }, (_, i) => `What is fact number ${i + 1} about the sea?`).join("\n"));
  const { page, problems } = await watchedPage(browser.context);
  await newBatch(page, [M], questions);
  await page.getByLabel(/^Concurrency/).fill("2");
  await page.getByRole("button", { name: "Start the audit of 12 question(s)" }).click();
  await page.locator("progress").waitFor();
  await page.getByText(/[1-9]\d* of 12 questions done/).waitFor({ timeout: 30_000 });
  await page.getByText(/questions\/s · about \S+ left/).waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText("The run was cancelled").waitFor({ timeout: 30_000 });
  script.setLatency(0);
  await page.getByRole("button", { name: "Resume" }).click();
  await page.locator("h1 .status.done").waitFor({ timeout: 60_000 });
  await page.getByText("Rows 1–12 of 12").waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test("the history lists batch runs with their targets' means and opens one", { skip }, async () => {
  const { page, problems } = await watchedPage(browser.context);
  await page.goto(`${web.url}/runs`);
  const table = page.locator("table.batch-runs");
  await table.waitFor();
  const first = table.locator("tbody tr", { hasText: "questions.csv" }).last();
  assert.match((await first.textContent()) ?? "", /questions\.csv.*openai-compatible:m 0\.\d\d.*openai-compatible:n 0\.\d\d.*6.*done/);
  await first.getByRole("link", { name: "questions.csv" }).click();
  await page.waitForURL(new RegExp(`/batch/${firstRun}$`));
  await page.locator("h1 .status.done").waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test("two runs compared: the summary and each question's difference, largest drop first", { skip }, async () => {
  const { page, problems } = await watchedPage(browser.context);
  await newBatch(page, [N]);
  await page.getByRole("button", { name: /^Start the audit/ }).click();
  await page.locator("h1 .status.done").waitFor({ timeout: 60_000 });
  await page.getByRole("link", { name: "Compare with another run" }).click();
  await page.waitForURL(/\/compare\?a=/);
  const summary = page.locator(".compare-summary");
  await summary.waitFor();
  // Run A is this one; B defaults to the other run of the same file: make A the first run's m, B this run's n.
  const second = new URL(page.url()).searchParams.get("a")!;
  await page.locator('select[name="run-a"]').selectOption(firstRun);
  await page.locator('select[name="run-b"]').selectOption(second);
  await page.locator('select[name="target-a"]').selectOption(M);
  await page.getByRole("heading", { name: `${N} in B against ${M} in A` }).waitFor();
  assert.match((await summary.textContent()) ?? "", /Questions in both6/);
  assert.match((await summary.textContent()) ?? "", /Mean difference \(B − A\)[+−]?\d\.\d\d/);
  const firstRow = page.locator("table.comparison tbody tr").first();
  assert.ok(((await firstRow.textContent()) ?? "").includes(SPIDER), "the largest drop first");
  assert.match((await firstRow.locator("td.difference").textContent()) ?? "", /^−0\.\d\d ▼ worse$/);
  assert.equal(await page.locator("table.comparison tbody tr").count(), 6);
  assert.match(page.url(), new RegExp(`a=${firstRun}&b=${second}&ta=`));
  // The gate: no question may get worse — one did, so it fails, and the page gives the CI command.
  await page.locator('input[name="gate-share"]').fill("0");
  const verdict = page.locator(".notice", { hasText: "Gate failed" });
  await verdict.waitFor();
  assert.match((await verdict.textContent()) ?? "", new RegExp(`got worse by more than 0\\.05.*auditllm compare ${firstRun} ${second} --max-worse-share 0 exits 1`));
  assert.match(page.url(), /share=0/);
  assert.equal(await page.getByRole("link", { name: "Start a run on run A's probes" }).getAttribute("href"), `/batch?probesFrom=${firstRun}`);
  await docsScreenshot(page, "web-compare.png");
  assert.equal(await page.evaluate("typeof window.__xss"), "undefined");
  assert.deepEqual(problems, []);
  await page.close();
});
