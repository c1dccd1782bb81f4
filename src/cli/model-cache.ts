/** `auditllm models` (what the model cache holds, with the ids to use) and `auditllm models pull <hub-id>`. */
import { join } from "node:path";
import { cacheDir } from "../config/paths.js";
import { listCachedModels, type CachedModel } from "../models/cache.js";
import { hubEndpoint, pullModel, pullTarget } from "../models/pull.js";
import { downloadProgress } from "./progress-bar.js";
import { createStatus } from "./status.js";

const size = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`);
const line = (m: CachedModel) => `  ${m.kind.padEnd(8)} ${size(m.bytes).padStart(9)}  ${m.id}`;

export async function modelsList(options: { json?: boolean }): Promise<void> {
  const dir = join(cacheDir(), "models");
  const models = listCachedModels(dir);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
    return;
  }
  if (models.length === 0) {
    process.stdout.write(`No models in ${dir}.\nDownload one with \`auditllm models pull <hub-id>\` (e.g. Xenova/all-MiniLM-L6-v2, or bartowski/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M).\n`);
    return;
  }
  process.stdout.write(`Models in ${dir}\n${models.map(line).join("\n")}\n`);
  process.stdout.write("Use an llm id with --target, --prober or --judge, an encoder id with --metric (transformer:… or bertscore:…).\n");
}

export async function modelsPull(id: string, options: { json?: boolean }): Promise<void> {
  const target = pullTarget(id);
  const status = createStatus();
  status.progress(`Downloading ${id} from ${hubEndpoint()}…`);
  try {
    const model = await pullModel(id, {
      cacheDir: cacheDir(),
      onProgress: target.kind === "llm" ? downloadProgress(`Downloading ${id}`) : undefined,
    });
    status.done();
    if (options.json) process.stdout.write(`${JSON.stringify(model, null, 2)}\n`);
    else process.stdout.write(`${line(model).trim()}\n${model.path}\n`);
  } finally {
    status.done();
  }
}
