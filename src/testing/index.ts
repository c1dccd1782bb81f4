/**
 * `auditllm/testing`: what auditllm's own tests use, for testing your code against auditllm — a scripted LLM
 * server that speaks the real OpenAI, Ollama and Anthropic protocols on 127.0.0.1, a script that plays prober
 * and target for whole audits, and a mock model that records its calls.
 */
export { auditScript, type AuditScript, type AuditScriptOptions } from "./audit-script.js";
export * from "./llm-server.js";
export { lastUser, mockModel, type MockModel } from "./mock-model.js";
