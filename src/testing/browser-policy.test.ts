/**
 * Without Chromium the browser tests skip with one stated reason (how to install it), printed once above the
 * summary line; with AUDITLLM_REQUIRE_BROWSER=1 (.ci/run) they run and fail instead.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import test from "node:test";
import { repoRoot } from "./paths.js";

const browserModule = new URL("./browser.js", import.meta.url).href;

function policy(env: Record<string, string>): { skip: string | false; launch: string } {
  const code = `const m = await import(${JSON.stringify(browserModule)});
    const launch = await m.launchChromium().then((b) => b.close().then(() => "launched"), (e) => e.message);
    console.log(JSON.stringify({ skip: m.browserSkip, launch }));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { skip: string | false; launch: string };
}

test("no Chromium: browser tests are skipped, with how to install it; required: they fail with the same words", () => {
  const missing = policy({ AUDITLLM_CHROMIUM: "/nonexistent/chromium" });
  assert.match(missing.skip as string, /^Chromium is missing at \/nonexistent\/chromium: to run the browser tests, apt-get install chromium/);
  const required = policy({ AUDITLLM_CHROMIUM: "/nonexistent/chromium", AUDITLLM_REQUIRE_BROWSER: "1" });
  assert.equal(required.skip, false, "required: not skipped");
  assert.match(required.launch, /Chromium is missing at \/nonexistent\/chromium.*AUDITLLM_REQUIRE_BROWSER=1 makes that a failure/);
});

test("the summary reporter prints each skip reason once, loudly, before the last line", async () => {
  const { default: reporter } = (await import(pathToFileURL(join(repoRoot(), "scripts", "test-summary-reporter.mjs")).href)) as {
    default: (source: AsyncIterable<unknown>) => AsyncIterable<string>;
  };
  const reason = "Chromium is missing at /x: to run the browser tests, apt-get install chromium";
  async function* events() {
    yield { type: "test:pass", data: { name: "a" } };
    for (let i = 0; i < 3; i++) yield { type: "test:pass", data: { name: `b${i}`, skip: reason } };
    yield { type: "test:pass", data: { name: "c", skip: "shared data folder absent" } };
    yield { type: "test:fail", data: { name: "d" } };
    yield { type: "test:pass", data: { name: "suite", details: { type: "suite" } } };
  }
  let out = "";
  for await (const line of reporter(events())) out += line;
  assert.deepEqual(out.trimEnd().split("\n"), [`SKIPPED 3 test(s): ${reason}`, "SKIPPED 1 test(s): shared data folder absent", "1 passed, 1 failed, 4 skipped"]);
});
