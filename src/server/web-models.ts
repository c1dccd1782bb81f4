/**
 * A `llamacpp:` id names a file on the server's disk, so from the web app it must be in the server's model
 * cache (`<cache>/models`, what `auditllm models` lists) or a hub id (`hf:…`); any other path gets the same
 * message whether or not a file is there (model-id-schema.ts), so a page cannot probe the server's files.
 */
import { resolve, sep } from "node:path";
import { cacheDir } from "../config/paths.js";

/** Whether a web request may name this model (every id but a llamacpp: path outside the model cache). */
export function allowedFromWeb(id: string, env: Record<string, string | undefined> = process.env): boolean {
  const match = /^llamacpp:(.*)$/s.exec(id.trim());
  if (!match) return true;
  const model = match[1]!.trim();
  if (model.startsWith("hf:")) return true;
  const models = resolve(cacheDir(env), "models");
  return resolve(model).startsWith(models + sep);
}
