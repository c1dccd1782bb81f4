/**
 * What the CLI loads (its start-up cost): the built command runs with a loader hook that records every file
 * it loads (ES modules and require()d ones); a file of the bundle (scripts/bundle-cli.mjs) counts as the modules
 * it holds, which the bundler names in a comment above each (`// node_modules/yaml/dist/…`, `// dist/…`). `--help` loads little beyond commander; a batch run writes all four
 * reports (results.xlsx included) without the spreadsheet library, the YAML parser (no config file there), the
 * AI SDK, the web server or the web app. With a config file, the YAML parser is loaded: the hook sees it.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "node:test";
import { auditScript } from "../testing/audit-script.js";
import { cliEnv, runCli } from "../testing/cli.js";
import { startTestLlmServer } from "../testing/llm-server.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-lazy-"));
const hooks = join(dir, "hooks.mjs");
const preload = join(dir, "preload.mjs");
writeFileSync(
  hooks,
  `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(process.env.MODULE_LOG, url + "\\n");\n  return next(url, context);\n}\n`,
);
writeFileSync(
  preload,
  `import { register, Module } from "node:module";\nimport { appendFileSync } from "node:fs";\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\nconst load = Module._load;\nModule._load = function (request, parent, isMain) {\n  try { appendFileSync(process.env.MODULE_LOG, Module._resolveFilename(request, parent, isMain) + "\\n"); } catch {}\n  return load.apply(this, arguments);\n};\n`,
);

/** The modules a loaded file holds: those a bundle file names (none for the bundler's helpers), else the file itself. */
function modulesOf(file: string): string[] {
  const path = file.startsWith("file:") ? fileURLToPath(file) : file;
  if (!/\/dist\/cli\/(main|chunk-[^/]+)\.cjs$/.test(path)) return [file];
  const held = [...readFileSync(path, "utf8").matchAll(/^\/\/ ((?:node_modules|dist)\/\S+\.[cm]?js)$/gm)].map((m) => `/${m[1]}`);
  return held.length || /chunk-/.test(path) ? held : [file]; // a chunk of the bundler's own helpers holds none
}

/**
 * Runs the CLI and returns the modules it loaded (URLs and file names, bundled ones as their source paths).
 * Node loads the bundle itself (AUDITLLM_CODE_CACHE=off): through the code cache (cli/code-cache.ts) the same
 * files are loaded, on the same require() calls, but no module hook sees them (code-cache.test.ts checks the
 * cache loads what is required, and only that).
 */
async function loaded(args: string[], cwd = dir): Promise<{ modules: string[]; code: number | null; stderr: string }> {
  const log = join(mkdtempSync(join(dir, "run-")), "modules.txt");
  const { code, stderr } = await runCli(args, { env: cliEnv({ NODE_OPTIONS: `--import ${preload}`, MODULE_LOG: log, AUDITLLM_CODE_CACHE: "off" }), cwd });
  const files = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
  return { modules: [...new Set(files)].flatMap(modulesOf), code, stderr };
}

const packages = (modules: string[]) => new Set(modules.flatMap((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1] ?? []));
const UNNEEDED = [
  "csv-parse", // a dev dependency: the tests check the scanner and the CSV report against it
  "exceljs",
  "yaml",
  "ai",
  "@ai-sdk/openai",
  "@ai-sdk/openai-compatible",
  "@ai-sdk/anthropic",
  "ollama-ai-provider-v2",
  "hono",
  "@hono/node-server",
  "node-llama-cpp",
  "@huggingface/transformers",
];

test("--help loads commander and the command's own files (its starter, main and its JIT setting), nothing else", async () => {
  const { modules, code } = await loaded(["--help"]);
  assert.equal(code, 0);
  // env-paths (and its helper): the starter finds the cache folder (config/paths.js) before the bundle is loaded.
  assert.deepEqual([...packages(modules)].sort(), ["commander", "env-paths", "is-safe-filename"]);
  // cli/jit.js is named when the bundler keeps its marker for that module (it may fold it into main's code).
  const own = [...new Set(modules.filter((m) => m.includes("/dist/")).map((m) => m.replace(/.*\/dist\//, "")))];
  assert.deepEqual(own.filter((m) => m !== "cli/jit.js").sort(), ["cli/code-cache.js", "cli/main.js", "config/paths.js"]);
});

test("a batch run writes every report without loading what it does not use; a config file brings the YAML parser", async (t) => {
  const script = auditScript();
  const server = await startTestLlmServer({ reply: script.reply });
  t.after(() => server.close());
  const input = join(dir, "questions.txt");
  writeFileSync(input, "What is the capital of France?\nWho wrote Hamlet?\n");
  const out = join(dir, "out");
  const args = ["batch", input, "-t", "openai-compatible:m", "--base-url", `${server.url}/v1`, "--probes", "2", "--out", out];
  const plain = await loaded(args);
  assert.equal(plain.code, 0, plain.stderr);
  for (const file of ["results.csv", "results.jsonl", "report.html", "results.xlsx"]) assert.ok(existsSync(join(out, file)), file);
  const used = packages(plain.modules);
  assert.ok(used.has("better-sqlite3") && used.has("commander"), "the hook sees packages, bundled or not");
  assert.deepEqual(
    UNNEEDED.filter((name) => used.has(name)),
    [],
  );
  assert.deepEqual(
    plain.modules.filter((m) => /\/dist\/(server|web)\//.test(m)),
    [],
  );
  const configured = mkdtempSync(join(dir, "configured-"));
  writeFileSync(join(configured, "auditllm.config.yaml"), "probes: 1\n");
  const withConfig = await loaded([...args.slice(0, -1), join(configured, "out")], configured);
  assert.equal(withConfig.code, 0, withConfig.stderr);
  assert.ok(packages(withConfig.modules).has("yaml"), "the config file is parsed");
});
