/**
 * The browser's client of the server's API, typed with the server's own shapes (server/api-types.ts).
 * Same-origin requests: the session cookie, when the server has a token, goes along by itself.
 */
import type { AuditEvents, AuditJson, AuditRequest, ModelCatalog, ProbesRequest, ProbesResponse, RunSummary, SessionInfo } from "../../server/api-types.js";
import { apiError } from "./errors.js";
import { readEvents } from "./sse.js";

/** A JSON request to the API; a failed answer throws ApiError with the server's message. */
export async function request<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method,
    signal,
    headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await apiError(response);
  return (await response.json()) as T;
}

export type AuditHandlers = { [K in keyof AuditEvents]?: (data: AuditEvents[K]) => void };

/** Runs a live audit, calling the handlers as its events arrive; aborting `signal` cancels it on the server. */
async function audit(body: AuditRequest, handlers: AuditHandlers, signal: AbortSignal): Promise<void> {
  const response = await fetch("/api/audits", {
    method: "POST",
    signal,
    headers: { accept: "text/event-stream", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw await apiError(response);
  await readEvents(response.body, (name, data) => {
    const handler = handlers[name as keyof AuditEvents] as ((value: unknown) => void) | undefined;
    handler?.(JSON.parse(data));
  });
}

const runPath = (id: string) => `/api/runs/${encodeURIComponent(id)}`;

export const api = {
  session: () => request<SessionInfo>("GET", "/api/session"),
  models: () => request<ModelCatalog>("GET", "/api/models"),
  probes: (body: ProbesRequest, signal?: AbortSignal) => request<ProbesResponse>("POST", "/api/probes", body, signal),
  audit,
  runs: (kind?: "ask" | "batch") => request<RunSummary[]>("GET", `/api/runs${kind ? `?kind=${kind}` : ""}`),
  run: (id: string) => request<AuditJson>("GET", runPath(id)),
  /** A link that downloads the stored result as a JSON file. */
  exportUrl: (id: string) => `${runPath(id)}/export`,
};
