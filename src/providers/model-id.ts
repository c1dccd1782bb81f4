import { ProviderError } from "./errors.js";

export const PROVIDERS = ["ollama", "openai", "anthropic", "openai-compatible", "llamacpp"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ModelSpec {
  /** The id as written, e.g. "ollama:llama3.2". */
  id: string;
  provider: ProviderName;
  /** The provider's own model name (or, for llamacpp, a path or hf: URI). */
  model: string;
}

/** Parses "provider:model". The model part may itself contain colons (ollama tags, hf: URIs). */
export function parseModelId(id: string): ModelSpec {
  const trimmed = id.trim();
  const colon = trimmed.indexOf(":");
  const provider = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const model = colon < 0 ? "" : trimmed.slice(colon + 1).trim();
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new ProviderError({
      kind: "unknown-provider",
      model: id,
      message: `Unknown provider "${provider}" in model id "${id}". Use one of: ${PROVIDERS.map((p) => `${p}:<model>`).join(", ")}.`,
    });
  }
  if (!model) {
    throw new ProviderError({
      kind: "unknown-provider",
      model: id,
      message: `Model id "${id}" names no model. Write it as ${provider}:<model>, e.g. ${example(provider as ProviderName)}.`,
    });
  }
  return { id: `${provider}:${model}`, provider: provider as ProviderName, model };
}

function example(provider: ProviderName): string {
  switch (provider) {
    case "ollama":
      return "ollama:llama3.2";
    case "openai":
      return "openai:gpt-4o-mini";
    case "anthropic":
      return "anthropic:claude-3-5-haiku-latest";
    case "openai-compatible":
      return "openai-compatible:my-model --base-url http://localhost:8000/v1";
    case "llamacpp":
      return "llamacpp:./model.gguf or llamacpp:hf:bartowski/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M";
  }
}
