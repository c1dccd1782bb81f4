import type { CallSpec } from "../core/types.js";
import type { GenerateResult } from "../providers/types.js";

/**
 * Where calls are recorded: a row before the call is sent, completed in the same row after.
 * The store implements it over SQLite; the executor only knows this interface. A journal may group its
 * writes: then `begin` and `succeed` return a promise that resolves once the row is stored, and the
 * executor waits for it (a call is never sent before its row is in).
 */
export interface CallJournal {
  /** The finished answer for this key in this run, if there is one. */
  lookup(key: string): GenerateResult | undefined;
  /** Records that the call is about to be sent (attempt is 1-based). */
  begin(key: string, spec: CallSpec, attempt: number): void | Promise<void>;
  succeed(key: string, result: GenerateResult, latencyMs: number): void | Promise<void>;
  fail(key: string, error: { kind: string; message: string }): void;
  /** Writes whatever is waiting for a group commit now. */
  flush?(): void;
}
