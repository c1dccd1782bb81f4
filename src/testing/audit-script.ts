/**
 * A reply script for the test LLM server that plays a whole audit: the prober gets five valid probes
 * of any question, the target a deterministic answer per prompt. It can also play a loaded provider:
 * a concurrency cap answered with 429 above it, and a share of 500s.
 */
import { createHash } from "node:crypto";
import type { ScriptedReply, ScriptedRequest } from "./llm-server.js";

export interface AuditScriptOptions {
  /** Milliseconds before each answer. */
  latencyMs?: number;
  /** Requests served at once; more get 429 (with Retry-After: retryAfter). */
  cap?: number;
  retryAfter?: string;
  /** Share of requests (0..1) answered with a 500, chosen by a hash of the request, so runs repeat. */
  errorRate?: number;
  /** Answer text for a prompt (default: a sentence derived from it). */
  answer?: (prompt: string, request: ScriptedRequest) => string;
}

export interface AuditScript {
  reply(request: ScriptedRequest): ScriptedReply;
  /** Changes the latency of the answers from now on (a slow provider for part of a test). */
  setLatency(ms: number): void;
  stats: { rateLimited: number; errors: number; served: number };
}

export const isProberRequest = (r: ScriptedRequest) => r.prompt.includes("Original question:");

/** The question a probe prompt asks about. */
export function probedQuestion(prompt: string): string {
  return /Original question: (.*)/.exec(prompt)?.[1]?.trim() ?? "";
}

/** Five rewrites of a question that pass auditllm's relevance and diversity checks. */
export function rewrites(question: string): string[] {
  const q = question.replace(/\?$/, "");
  return [`Can you tell me ${lower(q)}?`, `I would like to know: ${lower(q)}?`, `Please answer this: ${lower(q)}?`, `Quick question, ${lower(q)}?`, `Do you happen to remember ${lower(q)}?`];
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function auditScript(options: AuditScriptOptions = {}): AuditScript {
  const stats = { rateLimited: 0, errors: 0, served: 0 };
  const seen = new Map<string, number>();
  let latencyMs = options.latencyMs;
  return {
    stats,
    setLatency: (ms) => void (latencyMs = ms),
    reply(r): ScriptedReply {
      if (r.kind !== "chat") return "unused";
      if (options.cap && r.inFlight > options.cap) {
        stats.rateLimited++;
        const headers: Record<string, string> = options.retryAfter !== undefined ? { "retry-after": options.retryAfter } : {};
        return { status: 429, headers };
      }
      const key = `${r.model}\u0000${r.prompt}`;
      const attempt = (seen.get(key) ?? 0) + 1;
      seen.set(key, attempt);
      if (options.errorRate && hash01(`${key}\u0000${attempt}`) < options.errorRate) {
        stats.errors++;
        return { status: 500, delayMs: latencyMs };
      }
      stats.served++;
      const text = isProberRequest(r)
        ? rewrites(probedQuestion(r.prompt))
            .map((p, i) => `${i + 1}. ${p}`)
            .join("\n")
        : (options.answer?.(r.prompt, r) ?? `${r.model} says: the answer to "${r.prompt.replace(/\?$/, "")}" is ${hash01(r.prompt) < 0.5 ? "forty-two" : "seven"}.`);
      return { text, delayMs: latencyMs };
    },
  };
}

/** A number in [0, 1) from a hash of the text. */
function hash01(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}
