/**
 * The one redaction of auditllm: text that may carry a secret is passed through `redact` before it is
 * stored (calls, runs, items, results: so results.jsonl, results.csv and report.html, written from the
 * store, never see one) or shown (the web server's responses, the CLI's error messages). Removed:
 * - the value of every environment variable whose name says it is a key, token, secret or password
 *   (OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENAI_COMPATIBLE_API_KEY, AUDITLLM_TOKEN, HF_TOKEN, …);
 * - what follows `Bearer ` (an Authorization header a provider echoes in its error), unless it is a plain word
 *   (letters only, under 20: "Bearer instruments are…" in an answer is left as it is);
 * - key-shaped tokens: `sk-…` (OpenAI, `sk-proj-…`), `sk-ant-…` (Anthropic), 16 characters or more.
 * The replacement is `[redacted]`, which holds no character JSON escapes, so serialised JSON stays valid.
 */
type Env = Record<string, string | undefined>;

const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;
/** Shorter values are too likely to occur by chance ("1", "yes") and too weak to be real keys. */
const MIN_LENGTH = 6;
const SHAPED = /\b(Bearer\s+)([A-Za-z0-9._~+/=-]{6,})|\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}/g;
const PLAIN_WORD = /^[A-Za-z]{1,19}$/;
export const REDACTED = "[redacted]";

/** The secret values of `env` (and of `extra`), longest first so a secret that contains another is replaced whole. */
export function secretsOf(env: Env, extra: (string | undefined)[] = []): string[] {
  const values = Object.entries(env)
    .filter(([name]) => SECRET_NAME.test(name))
    .map(([, value]) => value?.trim())
    .concat(extra.map((v) => v?.trim()));
  return [...new Set(values.filter((v): v is string => Boolean(v && v.length >= MIN_LENGTH)))].sort((a, b) => b.length - a.length);
}

/** A redaction function for the given secrets (plus the shapes every key has). */
export function redactor(secrets: readonly string[]): (text: string) => string {
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // Most texts (answers, results) hold neither shape: two scans for the literal are cheaper than the pattern.
    if (!out.includes("Bearer") && !out.includes("sk-")) return out;
    return out.replace(SHAPED, (all, bearer: string | undefined, token: string | undefined) => (bearer ? (PLAIN_WORD.test(token ?? "") ? all : `${bearer}${REDACTED}`) : REDACTED));
  };
}

let cached: { env: Env; keys: string; redact: (text: string) => string } | undefined;

/** `text` with the secrets of the process's environment (read again when it changes) and key-shaped tokens removed. */
export function redact(text: string, env: Env = process.env): string {
  const keys = Object.keys(env)
    .filter((name) => SECRET_NAME.test(name))
    .map((name) => `${name}=${env[name]}`)
    .join("\n");
  if (!cached || cached.env !== env || cached.keys !== keys) cached = { env, keys, redact: redactor(secretsOf(env)) };
  return cached.redact(text);
}

/** `redact` for optional text. */
export const redactMaybe = (text: string | undefined | null): string | undefined => (text == null ? undefined : redact(text));

/**
 * A copy of `value` with every string in it redacted (arrays and plain objects copied, other values as they
 * are): for what is shown rather than stored, e.g. `ask`'s report of an answer that echoed the key.
 */
export function redactDeep<T>(value: T, env: Env = process.env): T {
  // One redactor for every string (redact would list the environment again for each).
  const clean = redactor(secretsOf(env));
  const copy = (v: unknown): unknown => {
    if (typeof v === "string") return clean(v);
    if (Array.isArray(v)) return v.map(copy);
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
    return v;
  };
  return copy(value) as T;
}
