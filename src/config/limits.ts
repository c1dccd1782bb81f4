/**
 * The size and time bounds a user may change, from the environment (so the CLI, the web server and the
 * batch processes it starts all read the same ones). Each is documented in the README's "Bounded inputs".
 */
type Env = Record<string, string | undefined>;

export interface Limits {
  /** AUDITLLM_MAX_ANSWER_CHARS: the absolute ceiling of an answer kept, in characters (default 200,000). */
  maxAnswerChars: number;
  /** AUDITLLM_MAX_RETRY_DELAY: the longest single wait before a retry, Retry-After included, in seconds (default 60). */
  maxRetryDelaySeconds: number;
  /** AUDITLLM_XLSX_MAX_MB: the most an .xlsx may unzip to, in MB (default 200). */
  xlsxMaxMegabytes: number;
  /** AUDITLLM_XLSX_MAX_STRINGS: the most shared strings an .xlsx may hold (default 1,000,000). */
  xlsxMaxStrings: number;
  /** AUDITLLM_MAX_COLUMNS: the most columns a table's header may have (default 1,000). */
  maxColumns: number;
  /** AUDITLLM_MAX_UPLOADS: uploads the web server keeps at once (default 20). */
  maxUploads: number;
  /** AUDITLLM_MAX_BATCHES: batch runs the web server works at once (default 4). */
  maxBatches: number;
  /** AUDITLLM_UPLOAD_CHECK_MB: the heap of the worker that checks an upload, in MB (default 512). */
  uploadCheckHeapMegabytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxAnswerChars: 200_000,
  maxRetryDelaySeconds: 60,
  xlsxMaxMegabytes: 200,
  xlsxMaxStrings: 1_000_000,
  maxColumns: 1_000,
  maxUploads: 20,
  maxBatches: 4,
  uploadCheckHeapMegabytes: 512,
};

const VARIABLES: Record<keyof Limits, string> = {
  maxAnswerChars: "AUDITLLM_MAX_ANSWER_CHARS",
  maxRetryDelaySeconds: "AUDITLLM_MAX_RETRY_DELAY",
  xlsxMaxMegabytes: "AUDITLLM_XLSX_MAX_MB",
  xlsxMaxStrings: "AUDITLLM_XLSX_MAX_STRINGS",
  maxColumns: "AUDITLLM_MAX_COLUMNS",
  maxUploads: "AUDITLLM_MAX_UPLOADS",
  maxBatches: "AUDITLLM_MAX_BATCHES",
  uploadCheckHeapMegabytes: "AUDITLLM_UPLOAD_CHECK_MB",
};

/** A limit variable that is not a positive number: a setting that cannot work (the CLI's exit code 2). */
export class LimitError extends Error {
  override readonly name = "LimitError";
}

/** The limits of `env`: each variable a positive number, else a LimitError naming it. */
export function limits(env: Env = process.env): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(VARIABLES) as [keyof Limits, string][]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new LimitError(`${name} must be a positive number, got "${raw}".`);
    out[key] = value;
  }
  return out;
}

/** The input readers' bounds (batch/input's InputOptions) from the limits. */
export function inputLimits(env: Env = process.env): { maxColumns: number; xlsxMaxBytes: number; xlsxMaxStrings: number } {
  const l = limits(env);
  return { maxColumns: Math.floor(l.maxColumns), xlsxMaxBytes: Math.floor(l.xlsxMaxMegabytes * 1_000_000), xlsxMaxStrings: Math.floor(l.xlsxMaxStrings) };
}
