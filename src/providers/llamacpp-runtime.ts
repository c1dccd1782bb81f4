/**
 * The node-llama-cpp runtime, shared by every embedded model in the process: the lazy import of the
 * optional package, one llama.cpp instance per GPU setting (its log lines kept for error messages,
 * not printed), and a small pool that hands context sequences to one call at a time.
 */
import { ProviderError } from "./errors.js";

export type NodeLlamaCpp = typeof import("node-llama-cpp");
type Llama = import("node-llama-cpp").Llama;

const INSTALL = "npm i -E node-llama-cpp@3.21.1";

/**
 * Context sequences an embedded model decodes together in one batch (answers served at once). Chosen by
 * `npm run bench:llm` on SmolLM2-135M, 2 shared cores, 1 thread (README, "A real small model"): 2 sequences
 * served one question's 6 answers fastest on average (67 against 58 a minute) and a 20-question batch as
 * fast as 1 (34 against 35); 4 and 8 were no faster than 1; every setting varied by up to ±30% between runs.
 */
export const LLAMACPP_DEFAULT_PARALLEL = 2;

/** The number of sequences: `configured`, else $AUDITLLM_LLAMACPP_PARALLEL, else the default; at least 1. */
export function llamaCppParallel(configured?: number, env: Record<string, string | undefined> = process.env): number {
  const fromEnv = Number(env.AUDITLLM_LLAMACPP_PARALLEL);
  const n = configured ?? (Number.isFinite(fromEnv) && fromEnv >= 1 ? fromEnv : LLAMACPP_DEFAULT_PARALLEL);
  return Math.max(1, Math.floor(n));
}

/**
 * Threads per evaluation: $AUDITLLM_LLAMACPP_THREADS, else one core less than the machine has (at least 1).
 * llama.cpp's threads wait for each other at every step, so one that the OS takes away stalls them all: on
 * 2 busy cores `npm run bench:llm` measured 0.9 tokens/s with 2 threads against 28 with 1 (README, "Speed").
 */
export function llamaCppThreads(mathCores: number, env: Record<string, string | undefined> = process.env): number {
  const fromEnv = Number(env.AUDITLLM_LLAMACPP_THREADS);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : Math.max(1, mathCores - 1);
}

/** Imports node-llama-cpp on first use, or explains how to install it. */
export async function loadNodeLlamaCpp(importer: () => Promise<NodeLlamaCpp> = () => import("node-llama-cpp")): Promise<NodeLlamaCpp> {
  try {
    return await importer();
  } catch (error) {
    throw new ProviderError({
      kind: "unavailable",
      cause: error,
      message: `The llamacpp: provider needs the optional package node-llama-cpp, which could not be loaded (${(error as Error)?.message ?? error}). Run ${INSTALL} in auditllm's folder, or use an ollama: or openai-compatible: model instead.`,
    });
  }
}

const llamas = new Map<string, Promise<Llama>>();
const logLines: string[] = [];
let logCount = 0;

/** One llama.cpp runtime per process and GPU setting. */
export function sharedLlama(lib: NodeLlamaCpp, gpu: false | "auto"): Promise<Llama> {
  const key = String(gpu);
  let llama = llamas.get(key);
  if (!llama) {
    const logger = (_level: unknown, message: string) => {
      logCount++;
      logLines.push(message.trim());
      if (logLines.length > 50) logLines.shift();
    };
    llama = lib.getLlama({ gpu, build: "never", logLevel: lib.LlamaLogLevel.error, logger }).catch((error: unknown) => {
      llamas.delete(key);
      throw new ProviderError({
        kind: "unavailable",
        cause: error,
        message: `node-llama-cpp found no usable llama.cpp binary for this machine (${(error as Error)?.message ?? error}). Reinstall it with ${INSTALL}, or use an ollama: or openai-compatible: model.`,
      });
    });
    llamas.set(key, llama);
  }
  return llama;
}

/**
 * Makes a context sample one sequence's next token at a time. node-llama-cpp 3.21.1 samples the sequences
 * of a batch at once on worker threads, and llama.cpp's logits lookup is not safe for that: a sequence then
 * samples from another's logits (the same prompt and seed in six sequences came back as up to six different
 * texts, with words from the other prompts and doubled words such as "cookies cookies"; llamacpp-real.test.ts).
 * Decoding stays batched; only the sampling (well under a millisecond a token here) waits in line.
 * node-llama-cpp keeps the native context in `_ctx` (internal, hence the pinned version).
 */
export function serializeSampling(context: object): void {
  const native = (context as { _ctx?: { sampleToken?: (...args: unknown[]) => Promise<unknown> } })._ctx;
  const sample = native?.sampleToken;
  if (!native || typeof sample !== "function") throw new Error("node-llama-cpp changed: its context has no _ctx.sampleToken (auditllm needs node-llama-cpp 3.21.1)");
  let queue: Promise<unknown> = Promise.resolve();
  // The native method is read-only on the prototype; an own property of this one object shadows it.
  Object.defineProperty(native, "sampleToken", {
    value: (...args: unknown[]) => {
      const next = queue.then(() => sample.apply(native, args));
      queue = next.catch(() => undefined);
      return next;
    },
  });
}

/** A mark in llama.cpp's log, to ask later what it said since. */
export function logMark(): number {
  return logCount;
}

/** llama.cpp's own explanation of a failure logged since `mark` (its log arrives a little late). */
export async function loggedReason(mark: number): Promise<string | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const fresh = logLines.slice(Math.max(0, logLines.length - (logCount - mark)));
  const detail = fresh.map((line) => /error loading model: (.*)/.exec(line)?.[1]).find(Boolean);
  return detail ?? fresh.at(-1);
}

/** A fixed set of reusable slots handed out one call at a time; a waiting caller gives up when its signal aborts. */
export class Slots<T> {
  private readonly free: T[];
  private readonly waiting: ((slot: T) => void)[] = [];

  constructor(slots: T[]) {
    this.free = [...slots];
  }

  acquire(signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
    const slot = this.free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise<T>((resolve, reject) => {
      const take = (s: T) => {
        signal?.removeEventListener("abort", abort);
        resolve(s);
      };
      const abort = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(onAbort());
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.waiting.push(take);
    });
  }

  release(slot: T): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }
}
