/**
 * Headless Chromium for browser tests (Debian's /usr/bin/chromium, or $AUDITLLM_CHROMIUM), driven by
 * playwright-core with a fresh profile, no network services, and every console error or page error recorded.
 *
 * One policy for a machine without Chromium: every browser test is skipped with the same reason (the test
 * summary prints it once, loudly), unless AUDITLLM_REQUIRE_BROWSER=1 (.ci/run sets it, after installing
 * Chromium): then they run and fail, so CI never skips them silently.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { repoRoot } from "./paths.js";

export const CHROMIUM = process.env.AUDITLLM_CHROMIUM ?? "/usr/bin/chromium";

const MISSING = `Chromium is missing at ${CHROMIUM}: to run the browser tests, apt-get install chromium (or set AUDITLLM_CHROMIUM to a Chromium binary)`;

/** Whether a missing browser is a failure rather than a skip (.ci/run sets AUDITLLM_REQUIRE_BROWSER=1). */
export const browserRequired = process.env.AUDITLLM_REQUIRE_BROWSER === "1";

/** The reason to skip browser tests here (Chromium missing and not required), or false when they run. */
export const browserSkip: string | false = existsSync(CHROMIUM) || browserRequired ? false : MISSING;

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${MISSING}. AUDITLLM_REQUIRE_BROWSER=1 makes that a failure.`);
  const dir = mkdtempSync(join(tmpdir(), "auditllm-chromium-"));
  const context = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: CHROMIUM, viewport, args: CHROMIUM_ARGS, acceptDownloads: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new page that records console errors and warnings and uncaught page errors into `problems`. */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(`console ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return { page, problems };
}

/**
 * Saves a screenshot for the README into docs/ when AUDITLLM_SCREENSHOTS=1 (`npm run screenshots`), and
 * does nothing otherwise: `npm test` never rewrites tracked files.
 */
export async function docsScreenshot(page: Page, name: string, options: { fullPage?: boolean } = { fullPage: true }): Promise<void> {
  if (process.env.AUDITLLM_SCREENSHOTS !== "1") return;
  const docs = join(repoRoot(), "docs");
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: join(docs, name), ...options });
}
