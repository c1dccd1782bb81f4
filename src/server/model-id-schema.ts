/**
 * A model id in a request body, checked (zod): shared by the live and batch request schemas. A `llamacpp:` id
 * names a file on the server's disk, so from the web app it must be in the server's model cache
 * (`<cache>/models`, what `auditllm models` lists) or a hub id (`hf:…`); any other path gets the same message
 * whether or not a file is there, so a page cannot probe the server's files.
 */
import { resolve, sep } from "node:path";
import { z } from "zod";
import { cacheDir } from "../config/paths.js";

export const NOT_OFFERED = "is not a model this server offers: a llamacpp: model from the web app must be in the server's model cache (auditllm models lists them) or a hub id (hf:…)";

/** Whether a web request may name this model (every id but a llamacpp: path outside the model cache). */
export function allowedFromWeb(id: string, env: Record<string, string | undefined> = process.env): boolean {
  const match = /^llamacpp:(.*)$/s.exec(id.trim());
  if (!match) return true;
  const model = match[1]!.trim();
  if (model.startsWith("hf:")) return true;
  const models = resolve(cacheDir(env), "models");
  return resolve(model).startsWith(models + sep);
}

export const modelId = z
  .string()
  .trim()
  .max(300)
  .regex(/^[a-z-]+:\S/, "expected a model id such as ollama:llama3.2 or openai:gpt-4o-mini")
  .refine((id) => allowedFromWeb(id), { message: NOT_OFFERED });
