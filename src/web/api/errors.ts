/** An API answer that was not a success: its status and the server's message (already in words a user can act on). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The ApiError of a failed response: the `{error}` body's message, else the status. */
export async function apiError(response: Response): Promise<ApiError> {
  let message = `The server answered HTTP ${response.status}.`;
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === "string") message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, message);
}

/** A failure as one sentence for the page (a network error says the server is not answering). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The auditllm server is not answering: is `auditllm serve` still running?";
  return error instanceof Error ? error.message : String(error);
}

export const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";
