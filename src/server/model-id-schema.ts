/**
 * A model id in a request body, checked (zod): shared by the live and batch request schemas. A `llamacpp:` id
 * names a file on the server's disk, so from the web app it must be in the server's model cache
 * (`<cache>/models`, what `auditllm models` lists) or a hub id (`hf:…`); any other path gets the same message
 * whether or not a file is there, so a page cannot probe the server's files.
 */
import { z } from "zod";

export const NOT_OFFERED = "is not a model this server offers: a llamacpp: model from the web app must be in the server's model cache (auditllm models lists them) or a hub id (hf:…)";

/** Which ids a web request may name: set by the server (web-models.ts); this file is shared with the browser app, so it holds no I/O. */
let allowed: (id: string) => boolean = () => true;
export function setModelCheck(check: (id: string) => boolean): void {
  allowed = check;
}

export const modelId = z
  .string()
  .trim()
  .max(300)
  .regex(/^[a-z-]+:\S/, "expected a model id such as ollama:llama3.2 or openai:gpt-4o-mini")
  .refine((id) => allowed(id), { message: NOT_OFFERED });
