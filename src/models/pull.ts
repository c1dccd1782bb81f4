/**
 * `auditllm models pull <hub-id>`: downloads a model from the Hugging Face hub ($HF_ENDPOINT honoured) into
 * the model cache, with the code the providers use on first use: a GGUF through the llama.cpp provider's
 * downloader (hf:user/repo:quant, user/repo/file.gguf), a transformers.js encoder (user/repo, with
 * onnx/model.onnx) through the transformer metric's loader. Offline it fails at once, naming the host.
 */
import { join } from "node:path";
import { ProviderError } from "../providers/errors.js";
import { loadNodeLlamaCpp, type NodeLlamaCpp } from "../providers/llamacpp-runtime.js";
import { resolveLlamaCppModelPath } from "../providers/llamacpp-source.js";
import { rootMessage } from "../providers/map-error.js";
import { MetricUnavailableError } from "../similarity/errors.js";
import { modelFolder, transformerModel } from "../similarity/transformer-model.js";
import { listCachedModels, type CachedModel } from "./cache.js";

export interface PullOptions {
  /** auditllm's cache folder (models go to <cacheDir>/models). */
  cacheDir: string;
  /** The hub; default $HF_ENDPOINT, else https://huggingface.co/. */
  endpoint?: string;
  onProgress?: (downloadedBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** Replaces the imports of the optional packages (tests). */
  importLlama?: () => Promise<NodeLlamaCpp>;
  importTransformers?: () => Promise<unknown>;
}

export type PullTarget = { kind: "llm"; source: string } | { kind: "encoder"; hubId: string };

/** What a hub id names: a GGUF (hf: URI, a .gguf file, or repo:quant) or an encoder repository (user/repo). */
export function pullTarget(id: string): PullTarget {
  const bare = id.trim().replace(/^(llamacpp|transformer|bertscore):/, "");
  if (/^(hf:|huggingface:)/i.test(bare)) return { kind: "llm", source: bare };
  if (/\.gguf$/i.test(bare) || /^[\w.-]+\/[\w.-]+:[\w.-]+$/.test(bare)) return { kind: "llm", source: `hf:${bare}` };
  if (/^[\w.-]+\/[\w.-]+$/.test(bare) && !bare.includes("..")) return { kind: "encoder", hubId: bare };
  throw new ProviderError({
    kind: "invalid-config",
    model: id,
    message: `"${id}" is not a Hugging Face model id. Give user/repo for an encoder (e.g. Xenova/all-MiniLM-L6-v2), or a GGUF as user/repo:quant or user/repo/file.gguf (e.g. bartowski/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M).`,
  });
}

export function hubEndpoint(configured?: string): string {
  const endpoint = configured || process.env.HF_ENDPOINT || "https://huggingface.co/";
  return endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
}

/** Downloads the model (nothing if it is cached already) and returns it as the cache lists it. */
export async function pullModel(id: string, options: PullOptions): Promise<CachedModel> {
  const target = pullTarget(id);
  const modelsDir = join(options.cacheDir, "models");
  const endpoint = hubEndpoint(options.endpoint);
  let path: string;
  if (target.kind === "llm") {
    const lib = await loadNodeLlamaCpp(options.importLlama);
    const settings = { cacheDir: options.cacheDir, allowDownload: true, huggingFaceEndpoint: endpoint, onDownloadProgress: options.onProgress };
    path = await resolveLlamaCppModelPath(lib, `llamacpp:${target.source}`, target.source, settings, options.signal);
  } else {
    path = modelFolder(target.hubId, modelsDir).folder;
    if (!listCachedModels(modelsDir).some((m) => m.path === path)) {
      await checkReachable(target.hubId, endpoint, options.signal);
      const model = transformerModel({ model: target.hubId, cacheDir: modelsDir, allowRemote: true, remoteHost: endpoint, importer: options.importTransformers });
      await model.embedTokens(["auditllm"]); // downloads every file the model needs, and proves it loads
    }
  }
  const entry = listCachedModels(modelsDir).find((m) => m.path === path);
  if (!entry) throw new MetricUnavailableError(`${id} was downloaded to ${path}, but it is not a complete model there (a GGUF file, or ${"config.json, tokenizer files and onnx/model.onnx"}).`);
  return entry;
}

/** One quick request, so an offline machine fails at once with the host's name instead of a library's retries. */
async function checkReachable(id: string, endpoint: string, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(15_000);
  try {
    const response = await fetch(endpoint, { method: "HEAD", signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await response.body?.cancel();
  } catch (error) {
    throw new ProviderError({
      kind: "unreachable",
      model: id,
      cause: error,
      message: `Could not reach Hugging Face at ${endpoint} to download ${id} (${rootMessage(error)}). Check the network (or $HF_ENDPOINT, for a mirror), or put the model's files in a local folder and use transformer:<folder>.`,
    });
  }
}
