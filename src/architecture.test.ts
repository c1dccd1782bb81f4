/**
 * The dependency rules of the tree, checked on the source: spec → providers/similarity → pipeline →
 * calls/store/batch → app → cli/server. A pure core never touches I/O, vendors, the store or the CLI;
 * no module imports, however indirectly, a module that imports it (no circles, type-only imports too).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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

/** A relative import's source file, src-relative: `./x.js` is x.ts, or x.tsx in the browser app. */
function sourceOf(file: string, spec: string): string {
  const path = normalize(join(dirname(file), spec)).replace(/\.js$/, "");
  return relative(SRC, existsSync(`${path}.tsx`) ? `${path}.tsx` : `${path}.ts`);
}

/** Every module a file imports (static, type-only, re-exported or dynamic): project files as src-relative paths, packages by name. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => (s.startsWith(".") ? sourceOf(file, s) : s));
}

const isProjectFile = (i: string) => /\.tsx?$/.test(i);

const folder = (path: string) => path.split("/")[0]!;

/** For each folder: the project folders (or files) it may import. Packages are checked separately. */
const ALLOWED: Record<string, string[]> = {
  config: [],
  providers: ["providers"],
  similarity: ["similarity", "providers/types.ts"],
  probes: ["probes", "providers/types.ts"],
  core: [
    "core",
    "probes",
    "similarity/types.ts",
    "similarity/signature.ts",
    "similarity/conflict.ts",
    "similarity/sentences.ts",
    "similarity/support.ts",
    "similarity/focus.ts",
    "similarity/non-answer.ts",
    "providers/types.ts",
    "providers/errors.ts",
  ],
  calls: ["calls", "core/types.ts", "providers"],
  store: ["store", "calls/journal.ts", "core/types.ts", "providers/types.ts"],
  score: ["score", "core/scores.ts", "core/agreement.ts", "core/meaning.ts", "core/truthfulness.ts", "core/types.ts", "similarity/types.ts"],
  report: ["report", "core", "batch/types.ts"],
  batch: ["batch", "core", "store", "providers/errors.ts", "providers/types.ts", "similarity/types.ts"],
  judge: ["judge", "core/types.ts", "similarity/types.ts", "providers/types.ts", "providers/errors.ts"],
  models: ["models", "providers", "similarity/transformer-model.ts", "similarity/errors.ts"],
  // The use cases: everything below them, nothing of the surfaces on top (cli, server, web).
  app: ["app", "core", "probes", "providers", "similarity", "judge", "calls", "store", "score", "report", "batch", "config", "models"],
  // The CLI is flags and printing: the use cases (app), what prints (report), and what it wires (the store it
  // opens, the server it starts, the models serve offers); never the pipeline, the batch runner or the calls.
  cli: [
    "cli",
    "app",
    "report",
    "config",
    "store/index.ts",
    "server/index.ts",
    "providers",
    "models",
    "similarity/errors.ts",
    "batch/input/index.ts",
    "core/audit.ts",
    "core/types.ts",
    "calls/scheduler.ts",
  ],
  server: ["server", "app", "core", "calls", "store", "report", "batch", "providers", "config", "similarity/types.ts", "similarity/errors.ts"],
  // The browser app: its own code and the API's types (type-only imports; nothing of the server is bundled).
  web: ["web", "server/api-types.ts", "report/audit-json.ts"],
};

test("each folder imports only what sits below it in the pipeline", () => {
  const broken: string[] = [];
  for (const file of sources(SRC)) {
    const from = relative(SRC, file);
    const allowed = ALLOWED[folder(from)];
    if (!allowed) continue; // bench/, testing/ and the package's entry point (index.ts) wire everything
    for (const target of imports(file).filter(isProjectFile)) {
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
    for (const target of imports(file).filter((i) => !isProjectFile(i))) broken.push(`${from} imports ${target}`);
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

/** The import circles of the tree (strongly connected groups of more than one file, or a file importing itself). */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || graph.get(v)!.includes(v)) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test("no import circles, type-only imports included", () => {
  const graph = new Map(sources(SRC).map((file) => [relative(SRC, file), imports(file).filter(isProjectFile)]));
  assert.deepEqual(circles(graph), []);
});

test("the circle finder finds circles", () => {
  const graph = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts"]],
    ["c.ts", ["a.ts", "d.ts"]],
    ["d.ts", []],
    ["e.ts", ["e.ts"]],
  ]);
  assert.deepEqual(circles(graph), [["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
});

test("the import scanner sees static, re-exported and dynamic imports", () => {
  assert.ok(imports(join(SRC, "providers", "registry.ts")).includes("providers/llamacpp.ts"));
  assert.ok(imports(join(SRC, "cli", "main.ts")).includes("cli/ask.ts"));
  assert.ok(imports(join(SRC, "similarity", "index.ts")).includes("similarity/embedding-metric.ts"));
  assert.ok(imports(join(SRC, "web", "routes.tsx")).some((i) => i.endsWith(".tsx")));
});
