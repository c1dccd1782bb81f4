/**
 * Keeps secrets out of responses and logs: every value of an environment variable whose name says it is a
 * key, token, secret or password (OPENAI_API_KEY, AUDITLLM_TOKEN, HF_TOKEN, …) is replaced wherever it appears.
 */
import type { Env } from "../providers/endpoints.js";

const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;
/** Shorter values are too likely to occur by chance ("1", "yes") and too weak to be real keys. */
const MIN_LENGTH = 6;

export function secretsOf(env: Env, extra: (string | undefined)[] = []): string[] {
  const values = Object.entries(env)
    .filter(([name]) => SECRET_NAME.test(name))
    .map(([, value]) => value?.trim())
    .concat(extra.map((v) => v?.trim()));
  // Longest first, so a secret that contains another is replaced whole.
  return [...new Set(values.filter((v): v is string => Boolean(v && v.length >= MIN_LENGTH)))].sort((a, b) => b.length - a.length);
}

export function redactor(env: Env, ...extra: (string | undefined)[]): (text: string) => string {
  const secrets = secretsOf(env, extra);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}
