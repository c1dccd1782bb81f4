/**
 * Adapts a Vercel AI SDK language model to auditllm's LanguageModel.
 * The SDK does the HTTP; we turn off its retries (auditllm retries in exactly one layer, calls/executor)
 * and map its errors to ProviderError.
 */
import type { LanguageModel as SdkLanguageModel } from "ai";
import { checkedAnswer } from "./answer.js";
import { toProviderError, type ErrorContext } from "./map-error.js";
import type { GenerateRequest, GenerateResult, LanguageModel } from "./types.js";

type Context = Omit<ErrorContext, "model" | "signal"> & {
  /** The scheduling lane: provider and server. */
  lane?: string;
};
type SdkWarning = { type: string; feature?: string; details?: string; message?: string };
type SdkUsage = { inputTokens?: number; outputTokens?: number };

/** The SDK, imported once on first use (it takes ~0.2 s to load, which --help should not pay). */
let sdkModule: Promise<typeof import("ai")> | undefined;
const sdk = () => (sdkModule ??= import("ai"));

// The SDK would otherwise print its warnings; we return them as data with each result.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export function fromAiSdk(id: string, load: () => Promise<SdkLanguageModel>, context: Context): LanguageModel {
  let model: Promise<SdkLanguageModel> | undefined;
  const sdkModel = () => (model ??= load());
  const fail = (error: unknown, request: GenerateRequest) => toProviderError(error, { ...context, model: id, signal: request.signal });

  return {
    id,
    lane: context.lane,
    async generate(request) {
      try {
        const { generateText } = await sdk();
        const result = await generateText({ model: await sdkModel(), ...settings(request) });
        return finish(id, result.text, result.finishReason, result.usage, result.warnings as SdkWarning[]);
      } catch (error) {
        throw fail(error, request);
      }
    },
    async stream(request, onDelta) {
      try {
        const { streamText } = await sdk();
        const result = streamText({ model: await sdkModel(), ...settings(request), onError: () => {} });
        let text = "";
        let finishReason = "other";
        let usage: SdkUsage = {};
        let warnings: SdkWarning[] = [];
        for await (const part of result.fullStream) {
          if (part.type === "text-delta") {
            text += part.text;
            if (part.text) onDelta(part.text);
          } else if (part.type === "start-step") warnings = part.warnings as SdkWarning[];
          else if (part.type === "finish") {
            finishReason = part.finishReason;
            usage = part.totalUsage;
          } else if (part.type === "error") throw part.error;
          else if (part.type === "abort") throw request.signal?.reason ?? new DOMException("aborted", "AbortError");
        }
        return finish(id, text, finishReason, usage, warnings);
      } catch (error) {
        throw fail(error, request);
      }
    },
  };
}

function settings(request: GenerateRequest) {
  const system = request.messages.filter((m) => m.role === "system").map((m) => m.content);
  return {
    // The SDK wants system text apart from the conversation.
    system: system.length ? system.join("\n\n") : undefined,
    messages: request.messages.filter((m) => m.role !== "system") as { role: "user" | "assistant"; content: string }[],
    temperature: request.temperature,
    maxOutputTokens: request.maxTokens,
    seed: request.seed,
    abortSignal: request.signal,
    maxRetries: 0,
  };
}

function finish(id: string, raw: string, finishReason: string, usage: SdkUsage, warnings: SdkWarning[]): GenerateResult {
  return checkedAnswer(id, raw, finishReason, usage, warnings.map(describeWarning));
}

function describeWarning(w: SdkWarning): string {
  if (w.type === "unsupported" || w.type === "compatibility") return `${w.type} setting: ${w.feature}${w.details ? ` (${w.details})` : ""}`;
  return w.message ?? w.details ?? JSON.stringify(w);
}
