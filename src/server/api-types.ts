/**
 * The shapes of the web API, shared by the server's routes and the browser app (type-only imports, so the
 * app's bundle gets none of the server). An audit's result is always the public `AuditJson` of report/audit-json.
 */
import type { z } from "zod";
import type { AuditJson } from "../report/audit-json.js";
import type { auditRequestSchema, probesRequestSchema } from "./live/schemas.js";

export type { AuditJson };
/** The batch pages' shapes (uploads, batch runs, results, comparisons). */
export type * from "./batch/api-types.js";

/** GET /api/session: what the server is; a 401 here means the page needs the access token. */
export interface SessionInfo {
  version: string;
  /** The similarity metric every audit of this server uses. */
  metric: string;
  tokenRequired: boolean;
}

/** One model the page can offer (ids as the CLI takes them). */
export interface ModelOption {
  id: string;
  provider: string;
}

/** Whether a provider can be used here, and what to do when it cannot; never a key. */
export interface ProviderStatus {
  provider: string;
  available: boolean;
  /** e.g. "Ollama at http://127.0.0.1:11434: 3 models", or "set OPENAI_API_KEY to use it". */
  detail: string;
}

/** GET /api/models */
export interface ModelCatalog {
  models: ModelOption[];
  providers: ProviderStatus[];
  /** The model `ask` would pick (detected), when there is one. */
  suggested?: string;
}

export type Diversity = NonNullable<ProbesRequest["diversity"]>;

/** POST /api/probes: the body as sent (defaults filled in by the server: count 5, diversity medium). */
export type ProbesRequest = z.input<typeof probesRequestSchema>;

export interface ProbeJson {
  text: string;
  source: string;
  relevance: number;
}

export interface ProbesResponse {
  /** Hands the probe call to the audit that uses these probes, so it is journaled in that run. */
  draftId: string;
  probes: ProbeJson[];
  droppedProbes: { text: string; reason: string }[];
  warnings: string[];
}

/**
 * POST /api/audits: answers a stream of AuditEvent (text/event-stream). The probes are the user's as left
 * (edited, dropped, added); `draftId` (from POST /api/probes) says which were generated and journals the
 * prober's call in the run. Defaults: prober the target, samples 1, temperature 0.5, maxTokens 512.
 */
export type AuditRequest = z.input<typeof auditRequestSchema>;

export interface StreamedAnswer {
  prompt: string;
  promptIndex: number;
  sample: number;
  text: string | null;
  finishReason?: string;
  error?: { kind: string; message: string };
}

/** The events of an audit stream, by SSE event name. `index` is the answer's place in AuditJson.answers. */
export interface AuditEvents {
  run: { runId: string };
  probes: { probes: ProbeJson[]; samples: number };
  delta: { index: number; text: string };
  answer: { index: number; answer: StreamedAnswer };
  result: AuditJson;
  failed: { message: string; runId?: string; cancelled?: boolean };
}

export type AuditEventName = keyof AuditEvents;

/** GET /api/runs: one stored run, newest first. */
export interface RunSummary {
  id: string;
  kind: string;
  createdAt: string;
  finishedAt?: string;
  status: string;
  question?: string;
  target?: string;
  consistency?: number | null;
  error?: string;
}

/** Every API error body. */
export interface ApiErrorBody {
  error: string;
}
