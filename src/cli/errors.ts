/** Turns any error into one line (or a few) on stderr and an exit code. Messages may quote servers and LLMs, so they are made safe for a terminal. */
import { CancelledError, InputError, UsageError } from "../app/errors.js";
import { LimitError } from "../config/limits.js";
import { InputFileError } from "../batch/input/index.js";
import { AuditError } from "../core/audit.js";
import { ProviderError } from "../providers/errors.js";
import { sanitizeForTerminal } from "../report/text.js";
import { MetricUnavailableError } from "../similarity/errors.js";
import { OutputPathError, redact, StoreBusyError, StoreError, StoredConfigError } from "../store/index.js";

export { CancelledError, InputError, UsageError };

const say = (text: string) => process.stderr.write(`auditllm: ${sanitizeForTerminal(redact(text))}\n`);

export function reportError(error: unknown): number {
  if (error instanceof CancelledError) {
    say(error.message);
    return 130;
  }
  if (error instanceof UsageError || error instanceof LimitError || (error instanceof ProviderError && (error.kind === "unknown-provider" || error.kind === "invalid-config"))) {
    say(error.message);
    return 2;
  }
  if (
    error instanceof ProviderError ||
    error instanceof AuditError ||
    error instanceof InputError ||
    error instanceof InputFileError ||
    error instanceof MetricUnavailableError ||
    error instanceof StoredConfigError ||
    error instanceof OutputPathError ||
    error instanceof StoreError ||
    error instanceof StoreBusyError
  ) {
    say(error.message);
    if (process.env.AUDITLLM_DEBUG && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return 1;
  }
  const e = error as Error;
  if ((e as NodeJS.ErrnoException)?.code === "EPIPE") return 0; // the reader went away (e.g. `| head`): not an error
  if (String((e as NodeJS.ErrnoException)?.code ?? "").startsWith("SQLITE_BUSY")) {
    say(`the store stayed locked by another process for too long (${e.message}). Try again; set AUDITLLM_BUSY_TIMEOUT_MS to wait longer.`);
    return 1;
  }
  say(`unexpected error: ${e?.message ?? String(error)}`);
  process.stderr.write(process.env.AUDITLLM_DEBUG ? `${e?.stack}\n` : "(set AUDITLLM_DEBUG=1 for the stack trace, and please report it)\n");
  return 1;
}
