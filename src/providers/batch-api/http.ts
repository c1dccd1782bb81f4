/** fetch for the batch services: JSON in and out, provider failures as ProviderErrors, JSONL read line by line. */
import { toProviderError } from "../map-error.js";

export interface HttpContext {
  /** The model id, for messages. */
  model: string;
  baseUrl: string;
  keyVariable?: string;
  headers: Record<string, string>;
  fetch?: typeof fetch;
}

export async function request(ctx: HttpContext, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const url = path.startsWith("http") ? path : `${ctx.baseUrl}${path}`;
  const isForm = body instanceof FormData;
  const init: RequestInit = { method, headers: { ...ctx.headers, ...(body !== undefined && !isForm ? { "content-type": "application/json" } : {}) }, signal };
  // A string is JSON written already (a large body assembled from its lines).
  if (body !== undefined) init.body = isForm || typeof body === "string" ? body : JSON.stringify(body);
  let response: Response;
  try {
    response = await (ctx.fetch ?? fetch)(url, init);
  } catch (error) {
    throw toProviderError(error, { model: ctx.model, endpoint: ctx.baseUrl, keyVariable: ctx.keyVariable, signal });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    const headers = Object.fromEntries(response.headers.entries());
    const error = { statusCode: response.status, responseHeaders: headers, responseBody: text, message: `HTTP ${response.status} from ${method} ${path}` };
    throw toProviderError(error, { model: ctx.model, endpoint: ctx.baseUrl, keyVariable: ctx.keyVariable });
  }
  return response;
}

export async function json<T>(ctx: HttpContext, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  return (await (await request(ctx, method, path, body, signal)).json()) as T;
}

/** The lines of a JSONL body as they arrive (blank lines skipped). */
export async function* jsonLines(response: Response): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let rest = "";
  const reader = response.body?.getReader();
  if (!reader) return;
  for (;;) {
    const { done, value } = await reader.read();
    rest += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = rest.split("\n");
    rest = done ? "" : lines.pop()!;
    for (const line of lines) if (line.trim()) yield JSON.parse(line);
    if (done) return;
  }
}
