import type { CallSpec } from "../core/types.js";
import type { GenerateResult } from "../providers/types.js";

/**
 * Where calls are recorded: a row before the call is sent, completed in the same row after.
 * The store implements it over SQLite; the executor only knows this interface.
 */
export interface CallJournal {
  /** The finished answer for this key in this run, if there is one. */
  lookup(key: string): GenerateResult | undefined;
  /** Records that the call is about to be sent (attempt is 1-based). */
  begin(key: string, spec: CallSpec, attempt: number): void;
  succeed(key: string, result: GenerateResult, latencyMs: number): void;
  fail(key: string, error: { kind: string; message: string }): void;
}
