/**
 * Where the project's config file is (`auditllm.config.yaml`, `.yml` or `.json` in the current folder), without
 * loading its parser: a run with no config file never loads yaml or the config schema (config/file.ts reads one).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

export const CONFIG_NAMES = ["auditllm.config.yaml", "auditllm.config.yml", "auditllm.config.json"] as const;

/** The config file of `dir`, if there is one. */
export function findConfig(dir: string = process.cwd()): string | undefined {
  return CONFIG_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
}
