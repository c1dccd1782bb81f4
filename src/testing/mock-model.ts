/** A LanguageModel for unit tests: answers with a script and records every request. */
import type { GenerateRequest, GenerateResult, LanguageModel } from "../providers/types.js";

export interface MockModel extends LanguageModel {
  requests: GenerateRequest[];
}

export function mockModel(id: string, answer: (request: GenerateRequest, call: number) => string | Error | Promise<string | Error>): MockModel {
  const requests: GenerateRequest[] = [];
  const generate = async (request: GenerateRequest): Promise<GenerateResult> => {
    requests.push(request);
    const reply = await answer(request, requests.length - 1);
    if (reply instanceof Error) throw reply;
    return { text: reply, finishReason: "stop", usage: { inputTokens: 1, outputTokens: reply.split(" ").length }, warnings: [] };
  };
  return {
    id,
    requests,
    generate,
    async stream(request, onDelta) {
      const result = await generate(request);
      for (const piece of result.text.match(/\S+\s*/g) ?? []) onDelta(piece);
      return result;
    },
  };
}

/** The text of the last user message of a request. */
export function lastUser(request: GenerateRequest): string {
  return [...request.messages].reverse().find((m) => m.role === "user")?.content ?? "";
}
