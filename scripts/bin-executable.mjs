// Marks the package's bin files executable. tsc writes them as plain files (mode 644), and a rebuild replaces
// them, so without this `npx auditllm` (which runs the bin through a symlink) fails with "Permission denied".
import { chmodSync, readFileSync, statSync } from "node:fs";

const root = new URL("..", import.meta.url);
const { bin } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
for (const file of Object.values(typeof bin === "string" ? { bin } : bin)) {
  const path = new URL(file, root);
  chmodSync(path, statSync(path).mode | 0o111);
}
