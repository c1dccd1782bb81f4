/**
 * A call journal in memory: records the calls made before a run exists (the prober's, from the probes page)
 * so they can be written into the run's own journal when the audit starts, as `ask` journals them.
 */
import type { CallJournal } from "../../calls/journal.js";
import type { CallSpec } from "../../core/types.js";
import type { GenerateResult } from "../../providers/types.js";

export interface RecordedCall {
  key: string;
  spec: CallSpec;
  attempts: number;
  result?: GenerateResult;
  latencyMs?: number;
  error?: { kind: string; message: string };
}

export interface RecordingJournal extends CallJournal {
  calls(): RecordedCall[];
}

export function recordingJournal(): RecordingJournal {
  const calls = new Map<string, RecordedCall>();
  return {
    lookup: (key) => calls.get(key)?.result,
    begin(key, spec, attempt) {
      calls.set(key, { ...calls.get(key), key, spec, attempts: attempt, result: undefined, error: undefined });
    },
    succeed(key, result, latencyMs) {
      const call = calls.get(key);
      if (call) Object.assign(call, { result, latencyMs });
    },
    fail(key, error) {
      const call = calls.get(key);
      if (call) call.error = error;
    },
    calls: () => [...calls.values()],
  };
}

/** Writes recorded calls into a run's journal, finished as they finished. */
export function replayCalls(calls: RecordedCall[], journal: CallJournal): void {
  for (const call of calls) {
    journal.begin(call.key, call.spec, call.attempts);
    if (call.result) journal.succeed(call.key, call.result, call.latencyMs ?? 0);
    else if (call.error) journal.fail(call.key, call.error);
  }
}
