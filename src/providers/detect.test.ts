import assert from "node:assert/strict";
import test from "node:test";
import { closedPort } from "../testing/net.js";
import { startTestLlmServer } from "../testing/llm-server.js";
import { DEFAULT_GGUF, detectDefaultModel, listOllamaModels } from "./detect.js";

test("a running Ollama wins, with its first chat model (embedding models skipped)", async (t) => {
  const server = await startTestLlmServer({ models: ["nomic-embed-text:latest", "qwen2.5:7b", "llama3.2:latest"] });
  t.after(() => server.close());
  assert.deepEqual(await listOllamaModels(server.ollamaHost), ["nomic-embed-text:latest", "qwen2.5:7b", "llama3.2:latest"]);
  const found = await detectDefaultModel({ env: { OLLAMA_HOST: server.ollamaHost, OPENAI_API_KEY: "sk" } });
  assert.equal(found.id, "ollama:qwen2.5:7b");
  assert.match(found.reason, /Ollama is running/);
});

test("without Ollama: OpenAI key, then Anthropic key, then the embedded model", async () => {
  const down = `127.0.0.1:${await closedPort()}`;
  assert.equal((await detectDefaultModel({ env: { OLLAMA_HOST: down, OPENAI_API_KEY: "sk", ANTHROPIC_API_KEY: "sk" } })).id, "openai:gpt-4o-mini");
  assert.equal((await detectDefaultModel({ env: { OLLAMA_HOST: down, ANTHROPIC_API_KEY: "sk" } })).id, "anthropic:claude-haiku-4-5");
  const local = await detectDefaultModel({ env: { OLLAMA_HOST: down } });
  assert.equal(local.id, `llamacpp:${DEFAULT_GGUF}`);
  assert.match(local.reason, /no Ollama/);
  assert.equal((await detectDefaultModel({ env: { OLLAMA_HOST: down, AUDITLLM_LLAMACPP_MODEL: "/models/x.gguf" } })).id, "llamacpp:/models/x.gguf");
});

test("an Ollama with only embedding models is noted but skipped", async (t) => {
  const server = await startTestLlmServer({ models: ["nomic-embed-text"] });
  t.after(() => server.close());
  const found = await detectDefaultModel({ env: { OLLAMA_HOST: server.ollamaHost, OPENAI_API_KEY: "sk" } });
  assert.equal(found.id, "openai:gpt-4o-mini");
  assert.match(found.reason, /ollama pull/);
});

test("an invalid OLLAMA_HOST is skipped with a note, and detection goes on", async () => {
  const found = await detectDefaultModel({ env: { OLLAMA_HOST: "http://[bad", OPENAI_API_KEY: "sk" } });
  assert.equal(found.id, "openai:gpt-4o-mini");
  assert.match(found.reason, /not a valid URL/);
});
