// Bundles the built command (dist/cli/main.js and what it imports) into CommonJS files in dist/cli/: main.cjs,
// plus a chunk per lazily imported command or feature, and the starters node runs. Node then loads a few
// dozen files instead of ~330 (each costs resolution, a read and a compile), and the starters compile them
// through V8's code cache (src/cli/code-cache.ts), which node 20 offers to CommonJS compiled by vm.Script
// only: with it a run no longer parses the command's code at all (README, Speed). The other files of dist/
// stay as tsc wrote them (the library, `auditllm/testing`, the tests, and the starters' code-cache.js).
//
// - dist/cli/main.js (package.json's bin), run-process.js (the web app's run process, started by path) and
//   upload-check-worker.js (a worker thread, started by path) are small ES module starters under the names
//   the code starts them by; each runs its .cjs entry. The worker's is loaded by node as is (a worker's start
//   is not worth a cache).
// - Paths built from import.meta.url (../glove/, ../web/, ../../package.json) hold because the bundle sits at
//   the depth of every folder of dist/ (the bundler turns import.meta.url into the file's own URL).
// - Packages imported at run time (`import("ai")`, `import(TRANSFORMERS_PACKAGE)`, …) go through
//   import-package.cjs, a plain file node loads: code compiled by vm.Script may not import.
// - Packages with native parts, optional ones and the lazily loaded heavy ones stay external (node_modules),
//   as do Node's own modules.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const dist = new URL("../dist/", import.meta.url);
const distPath = fileURLToPath(dist);
const cli = new URL("cli/", dist);
const { dependencies, optionalDependencies } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
/** Small pure-JS packages on the start-up path: bundled. Every other package stays external. */
const BUNDLED = new Set(["commander", "env-paths", "picocolors", "yaml", "zod"]);
const packages = [...Object.keys(dependencies), ...Object.keys(optionalDependencies ?? {})].filter((name) => !BUNDLED.has(name));
const IMPORT_PACKAGE = "./import-package.cjs";
const isImportPackage = (id) => id === IMPORT_PACKAGE || id.endsWith("/import-package.cjs");
const isExternal = (id) => isImportPackage(id) || id.startsWith("node:") || packages.some((name) => id === name || id.startsWith(`${name}/`));

const main = readFileSync(new URL("main.js", cli), "utf8");
if (main.includes("runBundle(")) throw new Error("bundle-cli: dist/cli/main.js is a starter already: run tsc first (npm run build does)");

/** Rewrites `import(x)` of anything but a relative path in our own modules to the plain file's import. */
let routed = 0;
const routeRuntimeImports = {
  name: "route-runtime-imports",
  transform(code, id) {
    if (!id.startsWith(distPath) || !code.includes("import(")) return null;
    const out = code.replace(/(?<![\w$.])import\((?!\s*["'`]\.)/g, () => {
      routed++;
      return `require(${JSON.stringify(IMPORT_PACKAGE)})(`;
    });
    return out === code ? null : { code: out, map: null };
  },
};

const started = performance.now();
const bundle = await rolldown({
  input: {
    main: fileURLToPath(new URL("main.js", cli)),
    "run-process": fileURLToPath(new URL("server/batch/run-process.js", dist)),
    "upload-check-worker": fileURLToPath(new URL("server/batch/upload-check-worker.js", dist)),
  },
  platform: "node",
  external: isExternal,
  plugins: [routeRuntimeImports],
  logLevel: "warn",
});
const { output } = await bundle.write({
  dir: fileURLToPath(cli),
  format: "cjs",
  strict: true, // the modules were ES modules, strict by nature; CommonJS is not unless told
  entryFileNames: "[name].cjs",
  chunkFileNames: "chunk-[name]-[hash].cjs",
  paths: (id) => (isImportPackage(id) ? IMPORT_PACKAGE : id), // every chunk sits beside it
});
await bundle.close();

const files = output.map((o) => o.fileName).sort();
// Code left with an import() would fail under vm.Script: none may remain outside comments.
for (const o of output) {
  const code = o.code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  if (/(?<![\w$.])import\(/.test(code)) throw new Error(`bundle-cli: ${o.fileName} still imports at run time (import()): route it through ${IMPORT_PACKAGE}`);
}
const build = createHash("sha256");
for (const o of [...output].sort((a, b) => a.fileName.localeCompare(b.fileName))) build.update(o.fileName).update("\0").update(o.code);
const info = JSON.stringify({ build: build.digest("hex").slice(0, 16), files });

writeFileSync(
  new URL("import-package.cjs", cli),
  "// Written by scripts/bundle-cli.mjs: the bundle's run-time imports of packages (node loads this file itself).\nmodule.exports = (specifier) => import(specifier);\n",
);
const starter = (entry, options) =>
  `${entry === "main" ? "#!/usr/bin/env node\n" : ""}// Written by scripts/bundle-cli.mjs: runs ${entry}.cjs through V8's code cache (src/cli/code-cache.ts).\nimport { runBundle } from "./code-cache.js";\n\nrunBundle(new URL("./${entry}.cjs", import.meta.url), ${info}, ${JSON.stringify({ entry, ...options })});\n`;
writeFileSync(new URL("main.js", cli), starter("main", { jit: true }));
writeFileSync(new URL("run-process.js", cli), starter("run-process", {}));
writeFileSync(
  new URL("upload-check-worker.js", cli),
  `// Written by scripts/bundle-cli.mjs: the upload check's worker thread, as node loads it.\nimport { createRequire } from "node:module";\n\ncreateRequire(import.meta.url)("./upload-check-worker.cjs");\n`,
);
console.log(`bundle-cli: ${output.length} files in dist/cli/ (${routed} run-time import(s) routed) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
