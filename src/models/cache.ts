/**
 * What is in auditllm's model cache (<cache>/models: `npm run models`, `auditllm models pull`, and models
 * downloaded on first use), each with the id that uses it: `llamacpp:<path>` for a GGUF file (an LLM for
 * --target, --prober, --judge), `transformer:<hub-id|path>` for a transformers.js folder (an encoder for
 * --metric transformer:… or bertscore:…). Reads the disk only.
 */
import { readdirSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import { MODEL_FILES } from "../similarity/transformer-model.js";

export interface CachedModel {
  /** Ready for --target/--prober/--judge (kind llm) or --metric (kind encoder). */
  id: string;
  kind: "llm" | "encoder";
  /** The GGUF file or the model folder. */
  path: string;
  /** Size on disk (a folder: all its files). */
  bytes: number;
}

/** A hub id as transformer: resolves it inside the models folder (see modelFolder in similarity/transformer-model.ts). */
const HUB_ID = /^[\w.-]+(\/[\w.-]+)?$/;

const entries = (dir: string): Dirent[] => {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
};

function folderBytes(dir: string): number {
  return entries(dir).reduce((sum, e) => sum + (e.isDirectory() ? folderBytes(join(dir, e.name)) : e.isFile() ? statSync(join(dir, e.name)).size : 0), 0);
}

const isEncoderFolder = (dir: string) => MODEL_FILES.every((f) => statSync(join(dir, f), { throwIfNoEntry: false })?.isFile());

/** The models under `modelsDir`, LLMs first, each kind by path. Hidden and half-finished entries are left out. */
export function listCachedModels(modelsDir: string): CachedModel[] {
  const found: CachedModel[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of entries(dir)) {
      if (entry.name.startsWith(".")) continue; // .staging-*, .checksums.json, partial downloads
      const path = join(dir, entry.name);
      if (entry.isFile() && entry.name.toLowerCase().endsWith(".gguf")) {
        found.push({ id: `llamacpp:${path}`, kind: "llm", path, bytes: statSync(path).size });
      } else if (entry.isDirectory() && isEncoderFolder(path)) {
        const rel = relative(modelsDir, path).split(sep).join("/");
        found.push({ id: `transformer:${HUB_ID.test(rel) ? rel : path}`, kind: "encoder", path, bytes: folderBytes(path) });
      } else if (entry.isDirectory() && depth < 4) {
        walk(path, depth + 1);
      }
    }
  };
  walk(modelsDir, 0);
  return found.sort((a, b) => (a.kind === b.kind ? a.path.localeCompare(b.path) : a.kind === "llm" ? -1 : 1));
}
