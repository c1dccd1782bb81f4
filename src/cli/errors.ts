/** Turns any error into one line (or a few) on stderr and an exit code. */
import { AuditError } from "../core/audit.js";
import { ProviderError } from "../providers/errors.js";

/** Bad command-line input: exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A problem with an input file or stored data that the user can fix: exit code 1. */
export class InputError extends Error {
  override readonly name = "InputError";
}

export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`auditllm: ${error.message}\n`);
    return 2;
  }
  if (error instanceof ProviderError || error instanceof AuditError || error instanceof InputError) {
    process.stderr.write(`auditllm: ${error.message}\n`);
    if (process.env.AUDITLLM_DEBUG && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return 1;
  }
  const e = error as Error;
  process.stderr.write(`auditllm: unexpected error: ${e?.message ?? String(error)}\n`);
  process.stderr.write(process.env.AUDITLLM_DEBUG ? `${e?.stack}\n` : "(set AUDITLLM_DEBUG=1 for the stack trace, and please report it)\n");
  return 1;
}
