// `npm run screenshots`: runs the browser tests with AUDITLLM_SCREENSHOTS=1, so they save the README's
// pictures into docs/ (web-*.png, report-example.png). `npm test` runs the same tests without saving.
import { spawnSync } from "node:child_process";

const tests = ["report/batch/browser", "server/web-app", "server/batch-web"];
const result = spawnSync(process.execPath, [new URL("./test.mjs", import.meta.url).pathname, ...tests], {
  stdio: "inherit",
  env: { ...process.env, AUDITLLM_SCREENSHOTS: "1", AUDITLLM_REQUIRE_BROWSER: "1" },
});
process.exit(result.status ?? 1);
