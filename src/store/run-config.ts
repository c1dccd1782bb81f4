/**
 * What a run stores about itself, as schemas (zod): one source for the types and for the check when the
 * config is read back, so no reader casts. An `ask` run keeps its audit settings; a batch run keeps enough
 * to resume with nothing but its id (input and digest, settings, servers without credentials, limits, and
 * what ingestion found). Unknown keys (e.g. `via: "web"`) are kept.
 */
import { z } from "zod";
import type { RunRow } from "./runs.js";

const auditSettings = {
  prober: z.string(),
  probeCount: z.number().int().min(0),
  samples: z.number().int().min(1),
  temperature: z.number(),
  proberTemperature: z.number(),
  maxTokens: z.number().int().min(1),
  diversity: z.enum(["low", "medium", "high"]),
  /** The similarity metric's text (app/metric-spec parses it). */
  metric: z.string(),
  /** Servers, stored without credentials or query. */
  baseUrl: z.string().optional(),
  proberBaseUrl: z.string().optional(),
};

export const askRunConfigSchema = z.looseObject({ target: z.string(), ...auditSettings });

export const batchRunConfigSchema = z.looseObject({
  ...auditSettings,
  /** The input file's absolute path, and its SHA-256 (a changed file refuses to resume). */
  input: z.string(),
  digest: z.string(),
  targets: z.array(z.string()).min(1),
  /** How the run was made: a resume keeps these unless they are given again. */
  out: z.string().optional(),
  concurrency: z.number().int().min(1).optional(),
  timeout: z.number().positive().optional(),
  retries: z.number().int().min(0).optional(),
  /** Set once the input has been read into the store. */
  ingested: z.boolean().optional(),
  questions: z.number().int().optional(),
  skipped: z.number().int().optional(),
  metaColumns: z.array(z.string()).optional(),
  /** The run whose accepted probes this run reuses (batch --probes-from), and for how many questions it did. */
  probesFrom: z.string().optional(),
  probesReused: z.number().int().min(0).optional(),
});

export type AskRunConfig = z.infer<typeof askRunConfigSchema>;
export type BatchRunConfig = z.infer<typeof batchRunConfigSchema>;

/** A stored config that does not fit its schema (an old or hand-edited store). */
export class StoredConfigError extends Error {
  override readonly name = "StoredConfigError";
}

function read<T>(run: RunRow, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(run.config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new StoredConfigError(`Run ${run.id}'s stored settings are unreadable (${issue.path.join(".") || "config"}: ${issue.message}).`);
}

/** The settings of an `ask` run (or a live audit of the web app). */
export function askConfigOf(run: RunRow): AskRunConfig {
  return read(run, askRunConfigSchema);
}

/** The settings of a batch run. */
export function batchConfigOf(run: RunRow): BatchRunConfig {
  return read(run, batchRunConfigSchema);
}
