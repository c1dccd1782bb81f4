/**
 * The dependency rules of the tree, checked on the source: spec → providers/similarity → pipeline →
 * calls/store → cli. A pure core never touches I/O, vendors, the store or the CLI.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, normalize } from "node:path";
import test from "node:test";
import { repoRoot } from "./testing/paths.js";

const SRC = join(repoRoot(), "src");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/** Every module a file imports (static or dynamic): project files as src-relative paths, packages by name. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => (s.startsWith(".") ? relative(SRC, normalize(join(dirname(file), s))).replace(/\.js$/, ".ts") : s));
}

const folder = (path: string) => path.split("/")[0]!;

/** For each folder: the project folders (or files) it may import. Packages are checked separately. */
const ALLOWED: Record<string, string[]> = {
  config: [],
  providers: ["providers"],
  similarity: ["similarity", "providers/types.ts"],
  probes: ["probes", "providers/types.ts"],
  core: ["core", "probes", "similarity/types.ts", "similarity/signature.ts", "similarity/conflict.ts", "similarity/sentences.ts", "similarity/support.ts", "similarity/focus.ts", "similarity/non-answer.ts", "providers/types.ts", "providers/errors.ts"],
  calls: ["calls", "core/types.ts", "providers"],
  store: ["store", "calls/journal.ts", "core/types.ts", "providers/types.ts", "batch/types.ts", "batch/rows.ts"],
  score: ["score", "core/scores.ts", "core/agreement.ts", "core/meaning.ts", "core/truthfulness.ts", "core/types.ts", "similarity/types.ts"],
  report: ["report", "core", "batch/types.ts"],
  batch: ["batch", "core", "store", "providers/errors.ts", "providers/types.ts", "similarity/types.ts"],
  judge: ["judge", "core/types.ts", "similarity/types.ts", "providers/types.ts", "providers/errors.ts"],
  models: ["models", "providers", "similarity/transformer-model.ts", "similarity/errors.ts"],
  server: ["server", "core", "calls", "store", "report", "batch", "providers", "config", "similarity/types.ts", "similarity/errors.ts"],
  // The browser app: its own code and the API's types (type-only imports; nothing of the server is bundled).
  web: ["web", "server/api-types.ts", "report/audit-json.ts"],
};

test("each folder imports only what sits below it in the pipeline", () => {
  const broken: string[] = [];
  for (const file of sources(SRC)) {
    const from = relative(SRC, file);
    const allowed = ALLOWED[folder(from)];
    if (!allowed) continue; // cli/, bench/, testing/ wire everything
    for (const target of imports(file).filter((i) => i.endsWith(".ts"))) {
      if (!allowed.some((a) => target === a || folder(target) === a)) broken.push(`${from} imports ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test("the pure core and the probes do no I/O and import no vendor", () => {
  const broken: string[] = [];
  for (const file of sources(SRC)) {
    const from = relative(SRC, file);
    if (!["core", "probes"].includes(folder(from))) continue;
    for (const target of imports(file).filter((i) => !i.endsWith(".ts"))) broken.push(`${from} imports ${target}`);
  }
  assert.deepEqual(broken, []);
});

test("shipped code never imports the test helpers, and only the CLI imports the CLI", () => {
  const broken: string[] = [];
  for (const file of sources(SRC)) {
    const from = relative(SRC, file);
    const where = folder(from);
    for (const target of imports(file)) {
      if (folder(target) === "testing" && !["testing", "bench"].includes(where)) broken.push(`${from} imports ${target}`);
      if (folder(target) === "cli" && where !== "cli") broken.push(`${from} imports ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test("the import scanner sees static, re-exported and dynamic imports", () => {
  assert.ok(imports(join(SRC, "providers", "registry.ts")).includes("providers/llamacpp.ts"));
  assert.ok(imports(join(SRC, "cli", "main.ts")).includes("cli/ask.ts"));
  assert.ok(imports(join(SRC, "similarity", "index.ts")).includes("similarity/embedding-metric.ts"));
});
