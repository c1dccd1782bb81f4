/**
 * The config file on the command line: found in the current folder (or --config <file>), loaded and checked
 * (config/file.ts), then its values become the command's options wherever no flag was given (commander's
 * "config" source), so flags always win. `auditllm init` writes a commented example.
 */
import type { Command } from "commander";
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { EXAMPLE_CONFIG } from "../config/example.js";
import type { ConfigFile } from "../config/file.js";
import { CONFIG_NAMES, findConfig } from "../config/find.js";
import { UsageError } from "./errors.js";

/** The config file to use: --config's, else one in the current folder, else none (then its parser is not loaded). */
export async function commandConfig(command: Command): Promise<{ path?: string; config: ConfigFile }> {
  const given = command.getOptionValue("config") as string | undefined;
  const path = given ? resolve(given) : findConfig();
  if (!path) return { config: {} };
  const { ConfigFileError, loadConfig } = await import("../config/file.js");
  try {
    return { path, config: loadConfig(path) };
  } catch (error) {
    if (error instanceof ConfigFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** Options of `batch` from the config file, where no flag set them; returns the input file the config names. */
export function applyBatchConfig(command: Command, config: ConfigFile): string | undefined {
  const { thresholds, targets, input, ...rest } = config;
  const values: Record<string, unknown> = {
    ...rest,
    target: Array.isArray(targets) ? targets.join(",") : targets,
    failUnder: thresholds?.failUnder,
  };
  apply(command, values);
  return input;
}

/** Options of `compare` from the config file's thresholds, where no flag set them. */
export function applyCompareConfig(command: Command, config: ConfigFile): void {
  apply(command, { ...config.thresholds, failUnder: undefined });
}

function apply(command: Command, values: Record<string, unknown>): void {
  const known = new Set(command.options.map((o) => o.attributeName()));
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || !known.has(name)) continue;
    const source = command.getOptionValueSource(name);
    if (source === "cli" || source === "env") continue;
    command.setOptionValueWithSource(name, value, "config");
  }
}

/** `auditllm init`: writes auditllm.config.yaml here (never over an existing one without --force). */
export function init(options: { force?: boolean }): void {
  const path = resolve(CONFIG_NAMES[0]);
  if (existsSync(path) && !options.force) throw new UsageError(`${CONFIG_NAMES[0]} exists already; --force overwrites it.`);
  const other = CONFIG_NAMES.slice(1).find((name) => existsSync(resolve(name)));
  writeFileSync(path, EXAMPLE_CONFIG);
  process.stdout.write(`Wrote ${path}: edit it, then run \`auditllm batch\`.\n`);
  if (other) process.stderr.write(`warning: ${other} is here too; ${CONFIG_NAMES[0]} is read first.\n`);
}
