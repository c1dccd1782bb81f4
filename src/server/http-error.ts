/** An error with the HTTP status to answer with; its message is shown to the user (see errors.ts). */
import { HTTPException } from "hono/http-exception";

export class HttpError extends HTTPException {
  constructor(status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 503, message: string) {
    super(status, { message });
  }
}
