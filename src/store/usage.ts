/** Token usage of a run's finished calls, per model × role × how they were made (live or in a provider batch). */
import type { Db } from "./db.js";

export interface UsageTally {
  model: string;
  role: string;
  via: "live" | "batch";
  calls: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** Calls whose counts were estimated from text length (the provider gave none). */
  estimatedCalls: number;
}

/** Roughly four characters a token (English text, common tokenizers): for calls a server gave no usage for. */
export const estimateTokens = (chars: number): number => Math.ceil(chars / 4);

export function runUsage(db: Db, runId: string): UsageTally[] {
  const tallies = new Map<string, UsageTally>();
  const rows = db.prepare("SELECT model, role, via, usage, request, length(response) AS responseChars FROM calls WHERE run_id = ? AND status = 'done'").iterate(runId) as Iterable<{
    model: string;
    role: string;
    via: string | null;
    usage: string | null;
    request: string;
    responseChars: number | null;
  }>;
  for (const row of rows) {
    const via = row.via === "batch" ? "batch" : "live";
    const id = `${row.model}\u0000${row.role}\u0000${via}`;
    const t = tallies.get(id) ?? { model: row.model, role: row.role, via, calls: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, estimatedCalls: 0 };
    tallies.set(id, t);
    const usage = (row.usage ? JSON.parse(row.usage) : {}) as { inputTokens?: number; outputTokens?: number; cachedInputTokens?: number; estimated?: boolean };
    let estimated = usage.estimated === true;
    let input = usage.inputTokens;
    let output = usage.outputTokens;
    if (input === undefined || input === null) {
      const messages = (JSON.parse(row.request) as { messages?: { content: string }[] }).messages ?? [];
      input = estimateTokens(messages.reduce((sum, m) => sum + m.content.length, 0));
      estimated = true;
    }
    if (output === undefined || output === null) {
      output = estimateTokens(row.responseChars ?? 0);
      estimated = true;
    }
    t.calls++;
    t.inputTokens += input;
    t.outputTokens += output;
    t.cachedInputTokens += usage.cachedInputTokens ?? 0;
    if (estimated) t.estimatedCalls++;
  }
  return [...tallies.values()].sort((a, b) => (a.model + a.role + a.via < b.model + b.role + b.via ? -1 : 1));
}
