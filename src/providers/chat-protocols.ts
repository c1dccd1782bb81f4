/**
 * The chat protocols the direct adapter speaks: OpenAI chat completions (OpenAI-compatible servers: vLLM,
 * llama.cpp server, LM Studio, …), Ollama's /api/chat and Anthropic's Messages API. Each says where to POST,
 * what to send, and how to read an answer or a stream's lines; the adapter (direct.ts) does the rest.
 */
import type { GenerateRequest, TokenUsage } from "./types.js";

/** What a protocol reads from an answer, or accumulates over a stream. */
export interface ChatOutcome {
  text: string;
  finishReason: string;
  usage: TokenUsage;
}

/** A stream's reader: fed each line, it returns the text delta the line carries ("" for none). */
export interface StreamReader {
  line(line: string): string;
  outcome(): ChatOutcome;
}

export interface ChatProtocol {
  path: string;
  headers(apiKey: string | undefined): Record<string, string>;
  body(model: string, request: GenerateRequest, stream: boolean): Record<string, unknown>;
  /** Settings the protocol cannot honour, as warnings. */
  warnings(request: GenerateRequest): string[];
  answer(json: unknown): ChatOutcome;
  reader(): StreamReader;
}

/** An in-stream error a server sent after its 200: thrown as is, mapped like any other failure. */
export class StreamError extends Error {
  override readonly name = "StreamError";
}

// biome-ignore lint/suspicious/noExplicitAny: a server's JSON, read with optional chaining and checked where it matters
type Json = Record<string, any>;

const OPENAI_FINISH: Record<string, string> = { stop: "stop", length: "length", content_filter: "content-filter", tool_calls: "tool-calls", function_call: "tool-calls" };
const ANTHROPIC_FINISH: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool-calls", refusal: "content-filter" };

const finish = (map: Record<string, string>, raw: unknown) => (typeof raw === "string" ? (map[raw] ?? "other") : "other");
const definedOnly = (o: Json) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function streamFailure(json: Json): StreamError | undefined {
  const error = json.error;
  if (error === undefined) return undefined;
  return new StreamError(typeof error === "string" ? error : String(error?.message ?? JSON.stringify(error)));
}

/** Server-sent events: the JSON of each `data:` line ("[DONE]" and other lines skipped). */
function sseData(line: string): Json | undefined {
  if (!line.startsWith("data:")) return undefined;
  const data = line.slice(5).trim();
  if (!data || data === "[DONE]") return undefined;
  return JSON.parse(data) as Json;
}

export const openaiChat: ChatProtocol = {
  path: "/chat/completions",
  headers: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  body: (model, r, stream) =>
    definedOnly({
      model,
      messages: r.messages,
      temperature: r.temperature,
      max_tokens: r.maxTokens,
      seed: r.seed,
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    }),
  warnings: () => [],
  answer(json) {
    const choice = (json as Json).choices?.[0];
    const usage = (json as Json).usage;
    return { text: choice?.message?.content ?? "", finishReason: finish(OPENAI_FINISH, choice?.finish_reason), usage: { inputTokens: usage?.prompt_tokens, outputTokens: usage?.completion_tokens } };
  },
  reader() {
    const out: ChatOutcome = { text: "", finishReason: "other", usage: {} };
    return {
      line(line) {
        const json = sseData(line);
        if (!json) return "";
        const failure = streamFailure(json);
        if (failure) throw failure;
        if (json.usage) out.usage = { inputTokens: json.usage.prompt_tokens, outputTokens: json.usage.completion_tokens };
        const choice = json.choices?.[0];
        if (choice?.finish_reason) out.finishReason = finish(OPENAI_FINISH, choice.finish_reason);
        const delta = typeof choice?.delta?.content === "string" ? choice.delta.content : "";
        out.text += delta;
        return delta;
      },
      outcome: () => out,
    };
  },
};

/** Ollama reads sampling settings only from `options` (temperature 0 for the prober matters). */
export const ollamaChat: ChatProtocol = {
  path: "/api/chat",
  headers: () => ({}),
  body: (model, r, stream) => ({ model, messages: r.messages, stream, options: definedOnly({ temperature: r.temperature, seed: r.seed, num_predict: r.maxTokens }) }),
  warnings: () => [],
  answer: (json) => ollamaOutcome(json as Json, (json as Json).message?.content ?? ""),
  reader() {
    let out: ChatOutcome = { text: "", finishReason: "other", usage: {} };
    return {
      line(line) {
        if (!line.trim()) return "";
        const json = JSON.parse(line) as Json;
        const failure = streamFailure(json);
        if (failure) throw failure;
        const delta = typeof json.message?.content === "string" ? json.message.content : "";
        out.text += delta;
        if (json.done) out = ollamaOutcome(json, out.text);
        return delta;
      },
      outcome: () => out,
    };
  },
};

function ollamaOutcome(json: Json, text: string): ChatOutcome {
  const reason = json.done_reason;
  return { text, finishReason: reason === "stop" || reason === "length" ? reason : reason ? "other" : "stop", usage: { inputTokens: json.prompt_eval_count, outputTokens: json.eval_count } };
}

/** Anthropic wants the system text apart and a token limit on every call. */
export const anthropicMessages: ChatProtocol = {
  path: "/messages",
  headers: (apiKey) => ({ "x-api-key": apiKey ?? "", "anthropic-version": "2023-06-01" }),
  body(model, r, stream) {
    const system = r.messages.filter((m) => m.role === "system").map((m) => m.content);
    return definedOnly({
      model,
      system: system.length ? system.join("\n\n") : undefined,
      messages: r.messages.filter((m) => m.role !== "system"),
      temperature: r.temperature,
      max_tokens: r.maxTokens ?? 4096,
      stream: stream || undefined,
    });
  },
  warnings: (r) => (r.seed !== undefined ? ["unsupported setting: seed"] : []),
  answer(json) {
    const j = json as Json;
    const text = Array.isArray(j.content) ? j.content.map((part: Json) => (part?.type === "text" ? String(part.text ?? "") : "")).join("") : "";
    return { text, finishReason: finish(ANTHROPIC_FINISH, j.stop_reason), usage: { inputTokens: j.usage?.input_tokens, outputTokens: j.usage?.output_tokens } };
  },
  reader() {
    const out: ChatOutcome = { text: "", finishReason: "other", usage: {} };
    return {
      line(line) {
        const json = sseData(line);
        if (!json) return "";
        if (json.type === "error") throw new StreamError(String(json.error?.message ?? "stream error"));
        if (json.type === "message_start") out.usage.inputTokens = json.message?.usage?.input_tokens;
        if (json.type === "message_delta") {
          out.finishReason = finish(ANTHROPIC_FINISH, json.delta?.stop_reason);
          if (json.usage?.output_tokens !== undefined) out.usage.outputTokens = json.usage.output_tokens;
        }
        const delta = json.type === "content_block_delta" && json.delta?.type === "text_delta" ? String(json.delta.text ?? "") : "";
        out.text += delta;
        return delta;
      },
      outcome: () => out,
    };
  },
};
