// Builds the GloVe word-vector cache into dist/glove/ as part of the package build, so that even the first
// run of auditllm only opens a file (see src/similarity/glove.ts). Kept across builds (scripts/clean.mjs
// leaves dist/glove/ alone) and rebuilt only when it is missing, damaged or from another source or format;
// caches of other formats or sources are removed from dist/glove/ (the package ships only the current one).
import { readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { defaultGloveSource, gloveCachePath, PREBUILT_GLOVE_DIR, readOrBuildGlove } from "../dist/similarity/glove.js";

const source = defaultGloveSource();
const file = gloveCachePath(PREBUILT_GLOVE_DIR, source);
const start = performance.now();
const { built, rejected } = readOrBuildGlove(file, source);
if (built) {
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`glove: built ${file}${rejected ? ` (the old one: ${rejected})` : ""} in ${((performance.now() - start) / 1000).toFixed(1)} s, peak RSS ${peak} MB`);
}
for (const name of readdirSync(PREBUILT_GLOVE_DIR)) {
  if (name !== basename(file) && /^glove-.*\.bin$/.test(name)) {
    rmSync(join(PREBUILT_GLOVE_DIR, name), { force: true });
    console.log(`glove: removed ${name} (another format or source)`);
  }
}
