/**
 * Headless Chromium for browser tests (Debian's /usr/bin/chromium, or $AUDITLLM_CHROMIUM), driven by
 * playwright-core with a fresh profile, no network services, and every console error or page error recorded.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.AUDITLLM_CHROMIUM ?? "/usr/bin/chromium";

/** Why browser tests cannot run here, or false when they can. */
export const chromiumMissing: string | false = existsSync(CHROMIUM) ? false : `Chromium is missing at ${CHROMIUM} (.ci/run installs it: apt-get install chromium; or set AUDITLLM_CHROMIUM)`;

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<TestBrowser> {
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
