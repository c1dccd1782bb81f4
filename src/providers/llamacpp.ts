/**
 * The embedded llama.cpp provider: runs a GGUF model in-process with node-llama-cpp, an optional
 * dependency imported on the first call (so `auditllm --help` stays instant). The model is loaded
 * once per instance, even when the first calls arrive together; calls share `parallel` context
 * sequences of one context, decoded together in one batch (LLAMACPP_DEFAULT_PARALLEL by default).
 */
import type { ChatHistoryItem, ChatWrapper, LlamaChat, LlamaContext, LlamaModel } from "node-llama-cpp";
import { ProviderError, isProviderError } from "./errors.js";
import { llamaCppParallel, llamaCppThreads, loadNodeLlamaCpp, loggedReason, logMark, serializeSampling, sharedLlama, Slots } from "./llamacpp-runtime.js";
import { resolveLlamaCppModelPath, type LlamaCppSourceOptions } from "./llamacpp-source.js";
import { abortError, rootMessage } from "./map-error.js";
import type { ModelSpec } from "./model-id.js";
import type { ChatMessage, GenerateRequest, GenerateResult, LanguageModel } from "./types.js";

export { isLlamaCppModelCached } from "./llamacpp-source.js";

export interface LlamaCppOptions extends LlamaCppSourceOptions {
  /** Tokens per context sequence (prompt + answer); default 4096, capped at the model's training size. */
  contextSize?: number;
  /** Calls evaluated together in one batch, each with its own sequence; default LLAMACPP_DEFAULT_PARALLEL. */
  parallel?: number;
  /** CPU threads per evaluation; default llamaCppThreads(math cores) (node-llama-cpp would oversubscribe small machines). */
  threads?: number;
  /** false forces the CPU; default "auto" (use a GPU when node-llama-cpp finds one). */
  gpu?: false | "auto";
}

interface Loaded {
  model: LlamaModel;
  context: LlamaContext;
  chatWrapper: ChatWrapper;
  slots: Slots<LlamaChat>;
}

export function createLlamaCppModel(spec: ModelSpec, options: LlamaCppOptions): LanguageModel {
  const id = spec.id;
  let loading: Promise<Loaded> | undefined;
  let closing = new AbortController();

  async function loadOnce(signal: AbortSignal): Promise<Loaded> {
    const lib = await loadNodeLlamaCpp(options.importer);
    const path = await resolveLlamaCppModelPath(lib, id, spec.model, options, signal);
    const llama = await sharedLlama(lib, options.gpu ?? "auto");
    const mark = logMark();
    const model = await llama.loadModel({ modelPath: path }).catch(async (error: unknown) => {
      const reason = (await loggedReason(mark)) ?? rootMessage(error);
      throw new ProviderError({
        kind: "bad-request",
        model: id,
        cause: error,
        message: `llama.cpp could not load ${path} (${reason}). The file may be truncated or corrupt (delete it and download it again), or its architecture is one node-llama-cpp 3.21.1 does not support.`,
      });
    });
    try {
      const parallel = llamaCppParallel(options.parallel);
      const context = await model.createContext({
        contextSize: Math.min(options.contextSize ?? 4096, model.trainContextSize || Infinity),
        sequences: parallel,
        threads: options.threads ?? llamaCppThreads(llama.cpuMathCores),
      });
      if (parallel > 1) serializeSampling(context);
      const chatWrapper = lib.resolveChatWrapper(model);
      const chats = Array.from({ length: parallel }, () => new lib.LlamaChat({ contextSequence: context.getSequence(), chatWrapper }));
      return { model, context, chatWrapper, slots: new Slots(chats) };
    } catch (error) {
      await model.dispose();
      throw new ProviderError({
        kind: "unavailable",
        model: id,
        cause: error,
        message: `${id} loaded but its context could not be created (${rootMessage(error)}). Try a smaller context size or a smaller model.`,
      });
    }
  }

  function load(): Promise<Loaded> {
    if (!loading) {
      const current = loadOnce(closing.signal);
      loading = current;
      current.catch(() => {
        if (loading === current) loading = undefined; // a later call may try again (e.g. after --yes)
      });
    }
    return loading;
  }

  async function run(request: GenerateRequest, onDelta?: (text: string) => void): Promise<GenerateResult> {
    const { signal } = request;
    try {
      if (signal?.aborted) throw abortError(id, signal);
      const loaded = await untilAborted(load(), id, signal);
      const chat = await loaded.slots.acquire(signal, () => abortError(id, signal!));
      try {
        return await respond(id, loaded, chat, request, onDelta);
      } finally {
        loaded.slots.release(chat);
      }
    } catch (error) {
      throw toProviderError(id, error, signal);
    }
  }

  return {
    id,
    lane: id,
    maxConcurrency: llamaCppParallel(options.parallel),
    async prepare(signal) {
      try {
        await untilAborted(load(), id, signal);
      } catch (error) {
        throw toProviderError(id, error, signal);
      }
    },
    generate: (request) => run(request),
    stream: (request, onDelta) => run(request, onDelta),
    async close() {
      const current = loading;
      loading = undefined;
      closing.abort();
      closing = new AbortController();
      const loaded = await current?.catch(() => undefined);
      if (loaded) {
        await loaded.context.dispose();
        await loaded.model.dispose();
      }
    },
  };
}

async function respond(id: string, loaded: Loaded, chat: LlamaChat, request: GenerateRequest, onDelta?: (text: string) => void): Promise<GenerateResult> {
  const history = toHistory(request.messages);
  const inputTokens = loaded.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(loaded.model.tokenizer).length;
  const room = loaded.context.contextSize - inputTokens;
  if (room < Math.min(request.maxTokens ?? 1, 16)) {
    // node-llama-cpp would otherwise cut the prompt short on its own and answer something else.
    throw new ProviderError({
      kind: "bad-request",
      model: id,
      message: `The prompt is ${inputTokens} tokens long, and ${id} holds ${loaded.context.contextSize} tokens per call (prompt and answer): shorten it.`,
    });
  }
  const before = chat.sequence.tokenMeter.getState();
  const result = await chat.generateResponse(history, {
    maxTokens: request.maxTokens ?? Math.max(1, loaded.context.contextSize - inputTokens),
    temperature: request.temperature,
    seed: request.seed,
    signal: request.signal,
    onTextChunk: onDelta,
  });
  const warnings: string[] = [];
  const segments = result.fullResponse.filter((part) => typeof part !== "string").length;
  if (segments > 0) warnings.push(`left ${segments} non-answer segment(s) (such as the model's thinking) out of the text`);
  return {
    text: result.response,
    finishReason: result.metadata.stopReason === "maxTokens" ? "length" : result.metadata.stopReason === "functionCalls" ? "other" : "stop",
    usage: { inputTokens, outputTokens: chat.sequence.tokenMeter.diff(before).usedOutputTokens },
    warnings,
  };
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = messages.map((m) => (m.role === "assistant" ? { type: "model", response: [m.content] } : { type: m.role, text: m.content }));
  items.push({ type: "model", response: [] });
  return items;
}

/** Waits for `promise`, or rejects as soon as the signal aborts (the shared load goes on for other calls). */
function untilAborted<T>(promise: Promise<T>, id: string, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(abortError(id, signal));
    signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

function toProviderError(id: string, error: unknown, signal?: AbortSignal): ProviderError {
  if (signal?.aborted) return isProviderError(error) && (error.kind === "cancelled" || error.kind === "timeout") ? error : abortError(id, signal);
  if (isProviderError(error)) return error;
  const disposed = (error as { name?: string })?.name === "DisposedError";
  return new ProviderError({
    kind: disposed ? "cancelled" : "other",
    model: id,
    cause: error,
    message: disposed ? `${id} was closed while generating.` : `${id} failed in llama.cpp: ${rootMessage(error)}`,
  });
}
