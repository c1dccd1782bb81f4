/**
 * The browser's client of the batch API (uploads, batch runs, results, comparisons), typed with the server's
 * shapes. Uploads go as the file's bytes (application/octet-stream); progress arrives as server-sent events.
 */
import type { BatchEvents, BatchRequest, BatchRunDetail, BatchRunSummary, BatchStarted, ComparisonJson, ResultDetail, ResultsPage, ResultsQuery, UploadInfo } from "../../server/api-types.js";
import { request } from "./client.js";
import { apiError } from "./errors.js";
import { readEvents } from "./sse.js";

const runPath = (id: string) => `/api/batches/${encodeURIComponent(id)}`;

/** `?a=1&b=x` from the defined values of `params`. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function upload(file: File, signal?: AbortSignal): Promise<UploadInfo> {
  const response = await fetch(`/api/uploads${queryString({ name: file.name })}`, {
    method: "POST",
    signal,
    headers: { accept: "application/json", "content-type": "application/octet-stream" },
    body: file,
  });
  if (!response.ok) throw await apiError(response);
  return (await response.json()) as UploadInfo;
}

export type BatchHandlers = { [K in keyof BatchEvents]?: (data: BatchEvents[K]) => void };

/** Follows a run's progress until it ends (or `signal` aborts); resolves when the stream closes. */
async function events(id: string, handlers: BatchHandlers, signal: AbortSignal): Promise<void> {
  const response = await fetch(`${runPath(id)}/events`, { signal, headers: { accept: "text/event-stream" } });
  if (!response.ok || !response.body) throw await apiError(response);
  await readEvents(response.body, (name, data) => {
    const handler = handlers[name as keyof BatchEvents] as ((value: unknown) => void) | undefined;
    handler?.(JSON.parse(data));
  });
}

export const batchApi = {
  upload,
  start: (body: BatchRequest) => request<BatchStarted>("POST", "/api/batches", body),
  list: () => request<BatchRunSummary[]>("GET", "/api/batches"),
  run: (id: string, signal?: AbortSignal) => request<BatchRunDetail>("GET", runPath(id), undefined, signal),
  events,
  cancel: (id: string) => request<BatchRunDetail>("POST", `${runPath(id)}/cancel`, {}),
  resume: (id: string) => request<BatchRunDetail>("POST", `${runPath(id)}/resume`, {}),
  results: (id: string, query: ResultsQuery, signal?: AbortSignal) => request<ResultsPage>("GET", `${runPath(id)}/results${queryString({ ...query })}`, undefined, signal),
  result: (id: string, idx: number, target: string) => request<ResultDetail>("GET", `${runPath(id)}/results/${idx}${queryString({ target })}`),
  /** A link that downloads the run's CSV, JSONL or HTML report (partial while it runs). */
  downloadUrl: (id: string, format: "csv" | "jsonl" | "html" | "xlsx") => `${runPath(id)}/download/${format}`,
  /** The run's HTML report, for a sandboxed frame. */
  reportUrl: (id: string) => `${runPath(id)}/report.html`,
  compare: (
    query: { a: string; b: string; targetA?: string; targetB?: string; margin?: number; failIfWorse?: number; maxWorseShare?: number; offset?: number; limit?: number },
    signal?: AbortSignal,
  ) => request<ComparisonJson>("GET", `/api/compare${queryString(query)}`, undefined, signal),
};
