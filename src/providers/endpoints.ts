/** Where each provider lives and which environment variable holds its key. Keys are read here and nowhere else. */
import { ProviderError } from "./errors.js";
import type { ModelSpec } from "./model-id.js";

export type Env = Record<string, string | undefined>;

export interface ProviderSettings {
  env: Env;
  /** --base-url (or --prober-base-url) for this model, when given. */
  baseUrl?: string;
}

export interface Endpoint {
  baseUrl: string;
  apiKey?: string;
  keyVariable?: string;
}

export const DEFAULT_OLLAMA_HOST = "http://127.0.0.1:11434";

/** OLLAMA_HOST may be "host", "host:port" or a URL; Ollama's own default port is 11434. */
export function ollamaHost(value: string | undefined): string {
  let host = (value ?? "").trim();
  if (!host) return DEFAULT_OLLAMA_HOST;
  if (!/^https?:\/\//i.test(host)) host = `http://${host}`;
  const url = checkedUrl(host, "the Ollama host (OLLAMA_HOST or --base-url)");
  if (!url.port && !/^https?:\/\/[^/]+:\d+/i.test(host)) url.port = url.protocol === "https:" ? "443" : "11434";
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  return url.origin + url.pathname.replace(/\/(api|v1)?\/?$/, "");
}

/**
 * A server URL the user gave, checked: it must parse, be http(s), and carry no user:password (those
 * would be printed in errors and stored; keys belong in the environment variables).
 */
export function checkedUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProviderError({ kind: "invalid-config", message: `${what} is not a valid URL: "${redactUrl(value)}". Write it like http://127.0.0.1:8000/v1.` });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ProviderError({ kind: "invalid-config", message: `${what} must be an http:// or https:// URL, not ${url.protocol}` });
  }
  if (url.username || url.password) {
    throw new ProviderError({
      kind: "invalid-config",
      message: `${what} contains a user name or password; remove it from the URL and put the key in the environment (e.g. OPENAI_COMPATIBLE_API_KEY).`,
    });
  }
  return url;
}

export function resolveEndpoint(spec: ModelSpec, settings: ProviderSettings): Endpoint {
  const { env } = settings;
  const base = settings.baseUrl?.trim();
  switch (spec.provider) {
    case "ollama":
      return { baseUrl: ollamaHost(base || env.OLLAMA_HOST) };
    case "openai":
      return {
        baseUrl: serverUrl(base || env.OPENAI_BASE_URL || "https://api.openai.com/v1", base ? "--base-url" : "OPENAI_BASE_URL"),
        apiKey: requireKey(spec, env, "OPENAI_API_KEY"),
        keyVariable: "OPENAI_API_KEY",
      };
    case "anthropic":
      return {
        baseUrl: serverUrl(base || env.ANTHROPIC_BASE_URL || "https://api.anthropic.com/v1", base ? "--base-url" : "ANTHROPIC_BASE_URL"),
        apiKey: requireKey(spec, env, "ANTHROPIC_API_KEY"),
        keyVariable: "ANTHROPIC_API_KEY",
      };
    case "openai-compatible": {
      const url = base || env.OPENAI_COMPATIBLE_BASE_URL;
      if (!url) {
        throw new ProviderError({
          kind: "invalid-config",
          model: spec.id,
          message: `${spec.id} needs a server address: pass --base-url http://host:port/v1 (or set OPENAI_COMPATIBLE_BASE_URL).`,
        });
      }
      return { baseUrl: serverUrl(url, "--base-url"), apiKey: env.OPENAI_COMPATIBLE_API_KEY || undefined, keyVariable: "OPENAI_COMPATIBLE_API_KEY" };
    }
    case "llamacpp":
      return { baseUrl: "" };
  }
}

function requireKey(spec: ModelSpec, env: Env, variable: string): string {
  const key = env[variable]?.trim();
  if (!key) {
    throw new ProviderError({ kind: "missing-key", model: spec.id, message: `${spec.id} needs an API key: set ${variable} in the environment.` });
  }
  return key;
}

function serverUrl(url: string, what: string): string {
  checkedUrl(url, what);
  return url.replace(/\/+$/, "");
}

/** A URL safe to show or store: no user:password, no query (which may carry a key). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url
      .replace(/\/\/[^/@\s]*@/, "//")
      .replace(/\?.*$/, "")
      .slice(0, 200);
  }
}
