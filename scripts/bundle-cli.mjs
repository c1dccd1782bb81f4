// Bundles the built command (dist/cli/main.js and what it imports) into dist/cli/: main.js, plus a chunk per
// lazily imported command or feature. Node then loads a few dozen files instead of ~330 (each costs resolution,
// a read and a compile), which is about a quarter of a batch run's fixed CPU (README, Speed). The other files of
// dist/ stay as tsc wrote them (the library, `auditllm/testing`, the tests). Paths built from import.meta.url
// (../glove/, ../web/, ../../package.json) hold because the bundle sits at the depth of every folder of dist/;
// the two files started by path (the web app's run process and its upload-check worker) are bundled as entries
// of their own beside it, under the names the code starts them by. Packages with native parts, optional ones
// and the lazily loaded heavy ones stay external (node_modules), as do Node's own modules.
import { readFileSync } from "node:fs";
import { rolldown } from "rolldown";

const dist = new URL("../dist/", import.meta.url);
const { dependencies, optionalDependencies } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
/** Small pure-JS packages on the start-up path: bundled. Every other package stays external. */
const BUNDLED = new Set(["commander", "env-paths", "picocolors", "yaml", "zod"]);
const packages = [...Object.keys(dependencies), ...Object.keys(optionalDependencies ?? {})].filter((name) => !BUNDLED.has(name));
const isExternal = (id) => id.startsWith("node:") || packages.some((name) => id === name || id.startsWith(`${name}/`));

const started = performance.now();
const bundle = await rolldown({
  input: {
    main: new URL("cli/main.js", dist).pathname,
    "run-process": new URL("server/batch/run-process.js", dist).pathname,
    "upload-check-worker": new URL("server/batch/upload-check-worker.js", dist).pathname,
  },
  platform: "node",
  external: isExternal,
  logLevel: "warn",
});
const { output } = await bundle.write({ dir: new URL("cli/", dist).pathname, format: "esm", entryFileNames: "[name].js", chunkFileNames: "chunk-[name]-[hash].js" });
await bundle.close();
console.log(`bundle-cli: ${output.length} files in dist/cli/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
