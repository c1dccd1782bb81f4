/**
 * Keeps secrets out of responses and logs: the store's one redaction (store/redact.ts: the values of every
 * key, token, secret or password variable, `Bearer …`, `sk-…`-shaped keys) plus the server's own token.
 */
import type { Env } from "../providers/endpoints.js";
import { redactor as storeRedactor, secretsOf } from "../store/redact.js";

export { secretsOf };

export function redactor(env: Env, ...extra: (string | undefined)[]): (text: string) => string {
  return storeRedactor(secretsOf(env, extra));
}
