/** The batch service of a model, when its provider has one (openai, openai-compatible, anthropic). */
import { resolveEndpoint, type Env } from "../endpoints.js";
import { parseModelId } from "../model-id.js";
import { anthropicBatchApi } from "./anthropic.js";
import { openaiBatchApi } from "./openai.js";
import { DEFAULT_LIMITS, type BatchApi, type BatchLimits } from "./types.js";

export type { BatchApi, BatchCounts, BatchLimits, BatchRequest, BatchResult, BatchState } from "./types.js";
export { DEFAULT_LIMITS } from "./types.js";

export const BATCH_PROVIDERS = ["openai", "openai-compatible", "anthropic"] as const;

export function hasBatchApi(modelId: string): boolean {
  return (BATCH_PROVIDERS as readonly string[]).includes(parseModelId(modelId).provider);
}

/** The batch service of `modelId` at its server (keys from the environment, as for live calls), with its limits. */
export function createBatchApi(modelId: string, settings: { env: Env; baseUrl?: string; fetch?: typeof fetch }): { api: BatchApi; limits: BatchLimits; baseUrl: string } {
  const spec = parseModelId(modelId);
  const endpoint = resolveEndpoint(spec, settings);
  if (spec.provider === "anthropic") {
    const headers: Record<string, string> = { "anthropic-version": "2023-06-01", ...(endpoint.apiKey ? { "x-api-key": endpoint.apiKey } : {}) };
    const http = { model: spec.id, baseUrl: endpoint.baseUrl, keyVariable: endpoint.keyVariable, headers, fetch: settings.fetch };
    return { api: anthropicBatchApi({ model: spec.model, modelId: spec.id, http }), limits: DEFAULT_LIMITS.anthropic, baseUrl: endpoint.baseUrl };
  }
  if (spec.provider === "openai" || spec.provider === "openai-compatible") {
    const headers: Record<string, string> = endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {};
    const http = { model: spec.id, baseUrl: endpoint.baseUrl, keyVariable: endpoint.keyVariable, headers, fetch: settings.fetch };
    return { api: openaiBatchApi({ provider: spec.provider, model: spec.model, modelId: spec.id, http }), limits: DEFAULT_LIMITS.openai, baseUrl: endpoint.baseUrl };
  }
  throw new Error(`${modelId}: ${spec.provider} has no batch API`);
}
