/**
 * Probe drafts: the probes a prober wrote for a question, kept for a while so the audit that uses them can
 * journal the prober's call in its run and tell generated probes from the user's. Bounded and short-lived.
 */
import { randomBytes } from "node:crypto";
import type { RecordedCall } from "./recording-journal.js";

export interface Draft {
  question: string;
  prober: string;
  diversity: "low" | "medium" | "high";
  /** The probes as the prober wrote them (accepted ones). */
  generated: string[];
  dropped: { text: string; reason: string }[];
  calls: RecordedCall[];
}

export interface DraftStore {
  put(draft: Draft): string;
  /** The draft, if it is still kept (a draft may be used by several audits). */
  get(id: string): Draft | undefined;
}

export function createDraftStore(options: { max?: number; ttlMs?: number; now?: () => number } = {}): DraftStore {
  const max = options.max ?? 200;
  const ttlMs = options.ttlMs ?? 6 * 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const drafts = new Map<string, { draft: Draft; at: number }>();
  const prune = () => {
    for (const [id, entry] of drafts) if (now() - entry.at > ttlMs || drafts.size > max) drafts.delete(id);
  };
  return {
    put(draft) {
      const id = randomBytes(12).toString("base64url");
      drafts.set(id, { draft, at: now() });
      prune();
      return id;
    },
    get(id) {
      prune();
      return drafts.get(id)?.draft;
    },
  };
}
