/** A batch run's settings as the user gives them, and how two runs are told to be the same run. */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { GIVEN_TARGET } from "../../batch/item.js";
import type { AuditConfig } from "../../core/types.js";
import type { BatchRunConfig } from "../../store/index.js";
import type { CallSettings } from "../executor.js";
import type { ModelChoice } from "../models.js";

export interface BatchSettings extends ModelChoice, CallSettings {
  probes: number;
  samples: number;
  temperature: number;
  maxTokens: number;
  diversity: AuditConfig["diversity"];
  /** The metric's text (parsed and checked when the run starts). */
  metric: string;
  /** Where the reports go (default ./auditllm-<run-id>). */
  out?: string;
  /** A finished (or stopped) batch run whose accepted probes are reused for the questions it shares with this one. */
  probesFrom?: string;
}

export const DEFAULT_BATCH: Omit<BatchSettings, keyof ModelChoice> = {
  probes: 5,
  samples: 1,
  temperature: 0.5,
  maxTokens: 512,
  diversity: "medium",
  metric: "hybrid",
  concurrency: 8,
  timeout: 120,
  retries: 3,
};

/** What makes two runs the same run: an unfinished one with all of these equal is resumed, not started again. */
const SETTINGS = ["input", "digest", "targets", "prober", "probeCount", "samples", "temperature", "maxTokens", "diversity", "metric", "baseUrl", "proberBaseUrl", "probesFrom"] as const;

/** Settings that do not matter to a run whose every question brought its answers (no model answers). */
const MODEL_SETTINGS: readonly string[] = ["targets", "prober", "baseUrl", "proberBaseUrl"];

/** Whether the stored run `a` has the settings of the new run `b`. */
export function sameSettings(a: BatchRunConfig, b: BatchRunConfig): boolean {
  const keys = isGivenOnly(a) ? SETTINGS.filter((key) => !MODEL_SETTINGS.includes(key)) : SETTINGS;
  return keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

/** A run whose every question brought its answers: its only target is "given". */
export function isGivenOnly(config: BatchRunConfig): boolean {
  return config.targets.length === 1 && config.targets[0] === GIVEN_TARGET;
}

export async function fileDigest(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
