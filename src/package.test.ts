/**
 * auditllm as others get it. The README's library examples run as written (`import … from "auditllm"`,
 * resolved through the package's own `exports`) against the scripted OpenAI-compatible server. Then the
 * packed tarball (`npm pack`) is installed into a project of its own (`npm install ./auditllm-*.tgz`), and
 * there the `auditllm` command audits a question, and an `import` of `auditllm` and `auditllm/testing`
 * works, types included (tsc checks a TypeScript file against the installed declarations).
 *
 * The project is kept in .tmp/package-test between runs and starts with this checkout's build of
 * better-sqlite3 (compiling it takes minutes on a small machine), so runs only install auditllm itself;
 * AUDITLLM_PACKAGE_TEST_FRESH=1 starts it empty.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { auditScript } from "./testing/audit-script.js";
import { cliEnv } from "./testing/cli.js";
import { startTestLlmServer } from "./testing/llm-server.js";
import { repoRoot } from "./testing/paths.js";

const ROOT = repoRoot();
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The code blocks of the README's Library section, in order. */
function libraryExamples(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Library\n"), readme.indexOf("\n## ", readme.indexOf("\n## Library\n") + 5));
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function scriptedServer(t: test.TestContext) {
  const llm = await startTestLlmServer({ reply: auditScript().reply, models: ["llama3.2"] });
  t.after(() => llm.close());
  return llm;
}

/** Runs a module in `dir` (where `auditllm` resolves) with the scripted server's address. */
async function runModule(dir: string, name: string, code: string, baseUrl: string) {
  const file = join(dir, name);
  writeFileSync(file, code);
  return run(process.execPath, [file], { cwd: dir, env: cliEnv({ LLM_BASE_URL: baseUrl }) });
}

function checkExampleOutput(stdout: string, stderr: string): void {
  const lines = stdout.trim().split("\n");
  assert.match(lines[0]!, /^consistency (0\.\d\d|1\.00)$/, stderr);
  assert.equal(lines.length, 1 + 4, "the question and its 3 probes were answered");
}

test("the README's library example audits a question through an OpenAI-compatible server and prints the consistency", async (t) => {
  const [example] = libraryExamples();
  assert.ok(example?.includes('from "auditllm"'), "the README has the example");
  assert.ok(example.split("\n").length <= 20, "it stays short");
  const llm = await scriptedServer(t);
  const dir = join(ROOT, ".tmp");
  mkdirSync(dir, { recursive: true });
  const { code, stdout, stderr } = await runModule(dir, `readme-example-${process.pid}.mjs`, example, llm.openaiBaseUrl);
  rmSync(join(dir, `readme-example-${process.pid}.mjs`), { force: true });
  assert.equal(code, 0, stderr);
  checkExampleOutput(stdout, stderr);
  assert.equal(
    llm.countChat((r) => r.prompt.includes("Original question:")),
    1,
    "one prober call",
  );
  assert.equal(llm.countChat(), 5, "the prober, then the question and each probe answered once");
});

test("the README's auditllm/testing example audits with a mock model that records its calls", async () => {
  const [, example] = libraryExamples();
  assert.ok(example?.includes('from "auditllm/testing"'));
  const dir = join(ROOT, ".tmp");
  const check = `${example}\nconsole.log(JSON.stringify({ consistency: result.consistency, calls: model.requests.length, answers: result.answers.map((a) => a.text) }));\n`;
  const { code, stdout, stderr } = await runModule(dir, `readme-testing-${process.pid}.mjs`, check, "");
  rmSync(join(dir, `readme-testing-${process.pid}.mjs`), { force: true });
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout.trim().split("\n").pop()!) as { consistency: number; calls: number; answers: string[] };
  assert.equal(out.calls, 3, "the question and the two probes, answered by the mock");
  assert.deepEqual(out.answers, Array(3).fill("Shakespeare wrote Hamlet."));
  assert.equal(out.consistency, 1);
});

test("the packed tarball installs into a project of its own: the auditllm command and the import work, with types", { timeout: 900_000 }, async (t) => {
  const work = join(ROOT, ".tmp", "package-test");
  const project = join(work, "project");
  if (process.env.AUDITLLM_PACKAGE_TEST_FRESH) rmSync(work, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const old of readdirSync(work).filter((f) => f.endsWith(".tgz"))) rmSync(join(work, old));
  // --ignore-scripts: `prepare` would rebuild dist/ under the running tests; dist/ is built already.
  const packed = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: ROOT });
  assert.equal(packed.code, 0, packed.stderr);
  const tarball = join(work, packed.stdout.trim().split("\n").pop()!);
  assert.ok(existsSync(tarball), tarball);
  if (!existsSync(join(project, "package.json"))) writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-auditllm", private: true, type: "module" }));
  rmSync(join(project, "node_modules", "auditllm"), { recursive: true, force: true });
  // better-sqlite3 compiles from source where no prebuilt binary can be fetched (minutes on 2 cores): the
  // project starts with this checkout's own build of it, same version and Node, which npm then keeps.
  const sqlite = join(project, "node_modules", "better-sqlite3");
  const built = join(ROOT, "node_modules", "better-sqlite3");
  if (!existsSync(sqlite) && existsSync(join(built, "build", "Release", "better_sqlite3.node"))) cpSync(built, sqlite, { recursive: true });
  const installed = await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--omit=optional", "--loglevel=error"], { cwd: project });
  assert.equal(installed.code, 0, installed.stderr);

  const bin = join(project, "node_modules", ".bin", "auditllm");
  const env = cliEnv();
  const shown = await run(bin, ["--version"], { cwd: project, env });
  assert.equal(shown.stdout.trim(), version, shown.stderr);
  const llm = await scriptedServer(t);
  const asked = await run(bin, ["ask", "Where did fortune cookies originate?", "-t", "openai-compatible:llama3.2", "--base-url", llm.openaiBaseUrl, "-k", "2", "--metric", "lexical", "--json"], {
    cwd: project,
    env,
  });
  assert.equal(asked.code, 0, asked.stderr);
  const audit = JSON.parse(asked.stdout) as { runId: string; consistency: number; answers: unknown[] };
  assert.equal(audit.answers.length, 3);
  assert.ok(audit.consistency >= 0 && audit.consistency <= 1);
  const runs = await run(bin, ["runs", "--json"], { cwd: project, env });
  assert.deepEqual(
    (JSON.parse(runs.stdout) as { id: string }[]).map((r) => r.id),
    [audit.runId],
    "the run is stored",
  );

  const [example] = libraryExamples();
  const imported = await runModule(project, "example.mjs", example!, llm.openaiBaseUrl);
  assert.equal(imported.code, 0, imported.stderr);
  checkExampleOutput(imported.stdout, imported.stderr);
  const testing = await runModule(project, "testing.mjs", 'import { mockModel, startTestLlmServer } from "auditllm/testing";\nconsole.log(typeof mockModel, typeof startTestLlmServer);\n', "");
  assert.equal(testing.stdout.trim(), "function function", testing.stderr);

  // The declarations: a TypeScript user's code type-checks against them, and a wrong use does not.
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["check.ts"] }),
  );
  const typed =
    'import { audit, type AuditJson } from "auditllm";\nimport { mockModel } from "auditllm/testing";\nconst result: AuditJson = await audit("q", { models: [mockModel("mock:m", () => "a")], probes: 1 });\nconst n: number | null = result.consistency;\nexport { n };\n';
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  writeFileSync(join(project, "check.ts"), typed);
  const good = await run(process.execPath, [tsc, "-p", project], { cwd: project });
  assert.equal(good.code, 0, good.stdout + good.stderr);
  writeFileSync(join(project, "check.ts"), typed.replace("probes: 1", 'probes: "three"'));
  const bad = await run(process.execPath, [tsc, "-p", project], { cwd: project });
  assert.notEqual(bad.code, 0, "a wrong option type is caught");
  assert.match(bad.stdout, /check\.ts.*probes|Type 'string' is not assignable/s);
});
