/**
 * A LanguageModel that speaks a chat protocol (chat-protocols.ts) over our HTTP/1.1 client (http-client.ts): the hot path of
 * auditllm's calls to OpenAI-compatible servers, Ollama and Anthropic. No retries here (the executor retries
 * in one layer); every failure leaves as a ProviderError from the one mapper (map-error.ts).
 */
import type { ChatOutcome, ChatProtocol } from "./chat-protocols.js";
import { checkedAnswer } from "./answer.js";
import { postJson } from "./http-client.js";
import { toProviderError, type ErrorContext } from "./map-error.js";
import type { GenerateRequest, LanguageModel } from "./types.js";

export interface DirectChatSettings extends Omit<ErrorContext, "model" | "signal"> {
  /** The model's name at the server. */
  model: string;
  baseUrl: string;
  apiKey?: string;
  lane?: string;
}

export function directChatModel(id: string, protocol: ChatProtocol, settings: DirectChatSettings): LanguageModel {
  const url = settings.baseUrl + protocol.path;
  const headers = protocol.headers(settings.apiKey);
  const fail = (error: unknown, request: GenerateRequest) => toProviderError(error, { ...settings, model: id, signal: request.signal });

  return {
    id,
    lane: settings.lane,
    async generate(request) {
      try {
        const text = await postJson(url, protocol.body(settings.model, request, false), { headers, signal: request.signal });
        return answer(id, protocol.answer(JSON.parse(text)), protocol.warnings(request));
      } catch (error) {
        throw fail(error, request);
      }
    },
    async stream(request, onDelta) {
      try {
        const reader = protocol.reader();
        await postJson(url, protocol.body(settings.model, request, true), {
          headers,
          signal: request.signal,
          onLine: (line) => {
            const delta = reader.line(line);
            if (delta) onDelta(delta);
          },
        });
        return answer(id, reader.outcome(), protocol.warnings(request));
      } catch (error) {
        throw fail(error, request);
      }
    },
  };
}

const answer = (id: string, o: ChatOutcome, warnings: string[]) => checkedAnswer(id, o.text, o.finishReason, o.usage, warnings);
