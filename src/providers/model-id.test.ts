import assert from "node:assert/strict";
import test from "node:test";
import type { ProviderError } from "./errors.js";
import { parseModelId } from "./model-id.js";
import { ollamaHost, redactUrl, resolveEndpoint } from "./endpoints.js";

test("model ids keep colons inside the model part", () => {
  assert.deepEqual(parseModelId("ollama:llama3.2:3b"), { id: "ollama:llama3.2:3b", provider: "ollama", model: "llama3.2:3b" });
  assert.deepEqual(parseModelId(" llamacpp:hf:bartowski/X-GGUF:Q4_K_M "), { id: "llamacpp:hf:bartowski/X-GGUF:Q4_K_M", provider: "llamacpp", model: "hf:bartowski/X-GGUF:Q4_K_M" });
});

test("unknown providers and empty models get errors that list what works", () => {
  assert.throws(
    () => parseModelId("gpt-4o"),
    (e: ProviderError) => e.kind === "unknown-provider" && /openai:<model>/.test(e.message),
  );
  assert.throws(
    () => parseModelId("mistral:large"),
    (e: ProviderError) => e.kind === "unknown-provider" && /"mistral"/.test(e.message),
  );
  assert.throws(
    () => parseModelId("openai:"),
    (e: ProviderError) => e.kind === "unknown-provider" && /openai:gpt-4o-mini/.test(e.message),
  );
});

test("keys come from the environment and their absence is a clear error", () => {
  assert.throws(
    () => resolveEndpoint(parseModelId("openai:gpt-4o-mini"), { env: {} }),
    (e: ProviderError) => e.kind === "missing-key" && /OPENAI_API_KEY/.test(e.message),
  );
  assert.throws(
    () => resolveEndpoint(parseModelId("anthropic:claude-haiku-4-5"), { env: { OPENAI_API_KEY: "x" } }),
    (e: ProviderError) => e.kind === "missing-key" && /ANTHROPIC_API_KEY/.test(e.message),
  );
  const openai = resolveEndpoint(parseModelId("openai:gpt-4o-mini"), { env: { OPENAI_API_KEY: "sk-test" } });
  assert.deepEqual(openai, { baseUrl: "https://api.openai.com/v1", apiKey: "sk-test", keyVariable: "OPENAI_API_KEY" });
  assert.equal(resolveEndpoint(parseModelId("openai:m"), { env: { OPENAI_API_KEY: "k" }, baseUrl: "http://proxy:8080/v1/" }).baseUrl, "http://proxy:8080/v1");
});

test("openai-compatible needs a base URL and never borrows the OpenAI key", () => {
  assert.throws(() => resolveEndpoint(parseModelId("openai-compatible:m"), { env: {} }), /--base-url/);
  const e = resolveEndpoint(parseModelId("openai-compatible:m"), { env: { OPENAI_API_KEY: "sk-secret" }, baseUrl: "http://127.0.0.1:8000/v1" });
  assert.equal(e.apiKey, undefined);
  assert.equal(e.baseUrl, "http://127.0.0.1:8000/v1");
});

test("OLLAMA_HOST in every form Ollama accepts", () => {
  assert.equal(ollamaHost(undefined), "http://127.0.0.1:11434");
  assert.equal(ollamaHost("0.0.0.0"), "http://127.0.0.1:11434");
  assert.equal(ollamaHost("gpu-box:8080"), "http://gpu-box:8080");
  assert.equal(ollamaHost("http://gpu-box"), "http://gpu-box:11434");
  assert.equal(ollamaHost("https://ollama.example.com/"), "https://ollama.example.com");
  assert.equal(ollamaHost("http://127.0.0.1:11434/api"), "http://127.0.0.1:11434");
});

test("URLs are redacted before they are shown or stored", () => {
  assert.equal(redactUrl("https://user:pw@host:8000/v1?api_key=secret"), "https://host:8000/v1");
  assert.equal(redactUrl("not a url"), "not a url");
  assert.equal(redactUrl("http://user:pw@[bad/v1?key=1"), "http://[bad/v1");
});
