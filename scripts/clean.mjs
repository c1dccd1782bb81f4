// Empties dist/ before a build, except dist/glove/ (the word-vector cache, slow to build and checked by
// scripts/glove-cache.mjs on every build).
import { existsSync, readdirSync, rmSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
if (existsSync(dist)) {
  for (const name of readdirSync(dist)) if (name !== "glove") rmSync(new URL(name, dist), { recursive: true, force: true });
}
