/**
 * The web app end to end in headless Chromium: the real server (createApp on 127.0.0.1), the built app from
 * dist/web, the real registry streaming from a scripted OpenAI-compatible server, SQLite in a temp home.
 * A live audit (probes edited, answers streaming, heatmap and score), cancel, injected markup, history, the
 * token page. Saves docs/web-*.png under `npm run screenshots`.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test, { after, before } from "node:test";
import type { Page } from "playwright-core";
import { isProberRequest, probedQuestion, rewrites } from "../testing/audit-script.js";
import { browserSkip, docsScreenshot, launchChromium, watchedPage, type TestBrowser } from "../testing/browser.js";
import { startTestLlmServer, type ScriptedReply, type ScriptedRequest, type TestLlmServer } from "../testing/llm-server.js";
import { startTestWebServer, type TestWebServer } from "../testing/web-server.js";

const skip = browserSkip;
const QUESTION = "Where did fortune cookies originate?";
const MINE = "What is the birthplace of the fortune cookie?";
const XSS = `Fortune cookies <img src=x onerror="window.__xss=1"> came from <script>window.__xss=2</script> Japan.`;
const TOKEN = "browser-test-token-5e6f7a8b9c";

let mode: "normal" | "slow" | "xss" = "normal";
function reply(r: ScriptedRequest): ScriptedReply {
  if (r.kind !== "chat") return "unused";
  if (isProberRequest(r))
    return rewrites(probedQuestion(r.prompt))
      .map((p, i) => `${i + 1}. ${p}`)
      .join("\n");
  if (mode === "slow") return { text: "Fortune cookies are usually traced to Japanese bakers in California, ".repeat(8), chunkDelayMs: 250 };
  if (mode === "xss") return { text: XSS, chunkDelayMs: 5 };
  const text = r.prompt.includes("remember")
    ? "Fortune cookies come from Japan. A bakery in Kyoto made them in 1878."
    : "Fortune cookies originated in California. They were first served in San Francisco in the early 1900s.";
  return { text, chunkDelayMs: 60 };
}

let llm: TestLlmServer;
let web: TestWebServer;
let guarded: TestWebServer;
let browser: TestBrowser;

before(async () => {
  if (skip) return;
  llm = await startTestLlmServer({ reply, models: ["m"] });
  web = await startTestWebServer({ llm });
  guarded = await startTestWebServer({ llm, deps: { token: TOKEN, loopbackOnly: false } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await web?.close();
  await guarded?.close();
  await llm?.close();
});

/** The live page with models and question filled in. */
async function livePage(question = QUESTION): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(browser.context);
  await watched.page.goto(`${web.url}/`);
  await watched.page.getByText(/model\(s\) found/).waitFor();
  // The suggestion is filled in by an effect after the catalog arrives: wait for it rather than race it.
  const target = watched.page.getByLabel(/^Target answers/);
  await watched.page.waitForFunction((el) => (el as unknown as { value: string }).value === "ollama:m:latest", await target.elementHandle(), { timeout: 5000 });
  assert.equal(await target.inputValue(), "ollama:m:latest", "the detected model is offered");
  await watched.page.getByLabel(/^Target answers/).fill("openai-compatible:m");
  await watched.page.getByLabel("Question", { exact: true }).fill(question);
  return watched;
}

const partialAnswerShown = (page: Page) =>
  page.waitForFunction(
    () => {
      // Runs in the page (a function, not a string: the app's CSP forbids eval).
      const cells = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document.querySelectorAll(
        '.answer[aria-busy="true"] .answer-text',
      );
      return Array.from(cells).some((e) => (e.textContent ?? "").trim().length > 0);
    },
    undefined,
    { timeout: 15_000 },
  );

test("a live audit: probes generated and edited, answers streaming, then the score, heatmap and sentences", { skip }, async () => {
  mode = "normal";
  const { page, problems } = await livePage();
  await page.getByRole("button", { name: "Generate probes" }).click();
  await page.getByLabel("Probe 5", { exact: true }).waitFor();
  assert.equal(await page.getByLabel(/^Probe \d+$/).count(), 5);
  await docsScreenshot(page, "web-probes.png");

  const second = await page.getByLabel("Probe 2", { exact: true }).inputValue();
  await page.getByRole("button", { name: "Remove probe 2" }).click();
  await page.getByRole("button", { name: "Add a probe" }).click();
  await page.getByLabel("Probe 5", { exact: true }).fill(MINE);
  assert.equal(await page.getByLabel(/^Probe \d+$/).count(), 5);
  await page.getByRole("button", { name: "Answer and score" }).click();

  await partialAnswerShown(page);
  assert.equal(await page.locator(".result").count(), 0, "partial text is shown before the audit completes");
  await docsScreenshot(page, "web-streaming.png");

  await resultShown(page);
  assert.match((await page.locator(".gauge .number").textContent()) ?? "", /^0\.\d\d$/);
  assert.match((await page.locator(".gauge figcaption").textContent()) ?? "", /(✗ below|✓ at or above) 0\.60/);
  assert.equal(await page.locator(".heatmap .cell").count(), 36, "6 answers × 6");
  assert.equal(await page.locator(".answer").count(), 6);
  assert.equal(await page.locator(".agreement .number").count(), 6, "each answer's agreement as a number");
  assert.ok((await page.locator(".answer .sentence.unsupported").count()) > 0, "the odd answer's sentences are marked");
  assert.match((await page.locator(".answer .sentence.unsupported").first().getAttribute("title")) ?? "", /^support 0\.\d\d/);
  assert.match((await page.locator(".answer .sentence.supported").first().getAttribute("title")) ?? "", /^support \d\.\d\d: backed/);
  assert.ok((await page.locator(".probe-list").textContent())!.includes(MINE));
  assert.ok((await page.locator(".probe-list details").textContent())!.includes(second), "the dropped probe is listed as left out");

  await page.locator(".heatmap .cell").nth(3).hover();
  assert.match((await page.locator(".pair-detail").textContent()) ?? "", /^Q ↔ P3 similarity \d\.\d\d/);
  await page.locator(".heatmap .cell").nth(1).focus();
  await page.keyboard.press("ArrowDown");
  assert.match((await page.evaluate<string | null>(`document.activeElement?.getAttribute("aria-label")`)) ?? "", /^P1 and P1: similarity 1\.00/);
  assert.match((await page.locator(".pair-detail").textContent()) ?? "", /^P1 ↔ P1/);
  await page.keyboard.press("ArrowRight");
  assert.match((await page.evaluate<string | null>(`document.activeElement?.getAttribute("aria-label")`)) ?? "", /^P1 and P2: similarity/);
  await docsScreenshot(page, "web-live.png");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export JSON" }).click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
  assert.match(download.suggestedFilename(), /^auditllm-\d{8}-\d{6}-[0-9a-f]{6}\.json$/);
  assert.equal(exported.question, QUESTION);
  assert.equal(exported.answers.length, 6);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Cancel stops the streaming answers and the calls behind them", { skip }, async () => {
  mode = "slow";
  const { page, problems } = await livePage("Who invented the fortune cookie?");
  await page.getByRole("button", { name: "Add a probe" }).click();
  await page.getByLabel("Probe 1", { exact: true }).fill("Which person created the fortune cookie?");
  await page.getByRole("button", { name: "Answer and score" }).click();
  await partialAnswerShown(page);
  assert.ok(llm.openRequests() > 0);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText("Cancelled: the calls under way were stopped.").waitFor();
  await waitFor(() => llm.openRequests() === 0, "the scripted server sees the answer requests closed");
  const sent = llm.countChat();
  await page.waitForTimeout(600);
  assert.equal(llm.countChat(), sent, "nothing is sent after the cancel");
  assert.equal(await page.locator(".result").count(), 0);
  assert.ok(await page.getByRole("button", { name: "Answer and score" }).isEnabled(), "ready for another try");
  assert.deepEqual(problems, []);
  await page.close();
  mode = "normal";
});

test("markup in answers and probes is shown as text and never runs", { skip }, async () => {
  mode = "xss";
  const probe = `<img src=x onerror="window.__xss=3">Where are fortune cookies from?`;
  const { page, problems } = await livePage();
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.getByRole("button", { name: "Add a probe" }).click();
  await page.getByLabel("Probe 1", { exact: true }).fill(probe);
  await page.getByRole("button", { name: "Answer and score" }).click();
  await resultShown(page);
  assert.equal(await page.evaluate("typeof window.__xss"), "undefined");
  assert.equal(await page.locator("main img, main script").count(), 0);
  const answers = (await page.locator(".answers").textContent()) ?? "";
  assert.ok(answers.includes(`<img src=x onerror="window.__xss=1">`), "the img tag is shown literally");
  assert.ok(answers.includes(`<script>window.__xss=2</script>`), "the script tag is shown literally");
  assert.ok(((await page.locator(".probe-list").textContent()) ?? "").includes(probe));
  assert.ok(!requests.some((u) => u.endsWith("/x")), "no <img src=x> was fetched");
  assert.equal(await page.evaluate("typeof window.__xss"), "undefined");
  assert.deepEqual(problems, []);
  await page.close();
  mode = "normal";
});

test("the history lists past audits and opens one read-only", { skip }, async () => {
  const { page, problems } = await watchedPage(browser.context);
  await page.goto(`${web.url}/runs`);
  await page.locator("table.runs").waitFor();
  const link = page.getByRole("link", { name: QUESTION }).first();
  await link.click();
  await page.locator(".gauge").waitFor();
  assert.match(page.url(), /\/runs\/\d{8}-\d{6}-[0-9a-f]{6}$/);
  assert.equal(await page.locator("h1").textContent(), QUESTION);
  assert.ok((await page.locator(".heatmap .cell").count()) > 0);
  await page.goBack();
  await page.locator("table.runs").waitFor();
  assert.ok(((await page.locator("table.runs").textContent()) ?? "").includes("cancelled"), "the cancelled audit is listed as such");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a server with a token: the page says 401 and what to do; opened once with ?token= it works", { skip }, async () => {
  const { page, problems } = await watchedPage(browser.context);
  await page.goto(`${guarded.url}/`);
  await page.getByText("401: this server needs its access token").waitFor();
  assert.ok(((await page.locator("main").textContent()) ?? "").includes("AUDITLLM_TOKEN"));
  await docsScreenshot(page, "web-token.png", { fullPage: false });
  assert.ok(
    problems.every((p) => /status of 401/.test(p)),
    problems.join("\n"),
  );
  problems.length = 0;
  await page.goto(`${guarded.url}/?token=${TOKEN}`);
  await page.getByRole("heading", { name: "Live audit" }).waitFor();
  assert.equal(new URL(page.url()).search, "", "the token left the address bar");
  assert.equal(await page.getByText("401: this server needs its access token").count(), 0);
  await page.getByText(/model\(s\) found/).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

/** Waits for the result; an error notice instead fails at once with its message. */
async function resultShown(page: Page): Promise<void> {
  await page.locator(".gauge, .notice.error").first().waitFor({ timeout: 30_000 });
  if ((await page.locator(".gauge").count()) === 0) assert.fail(`the audit failed: ${await page.locator(".notice.error").first().textContent()}`);
}

async function waitFor(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
