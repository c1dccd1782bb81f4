/**
 * Transformer encoders run in-process with transformers.js (the optional package @huggingface/transformers,
 * imported on first use). A model is a local folder (config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model.onnx) or a Hugging Face hub id read from <cacheDir>/<id>; with `allowRemote` a missing hub
 * model is downloaded there once, otherwise nothing is fetched and the error says how to get it.
 * `embedTokens` returns, per text, the last hidden state of every real (unpadded) token: the input of
 * mean-pooled sentence embeddings and of BERTScore. A model loads once per process and is shared.
 */
import { existsSync } from "node:fs";
import { MetricUnavailableError } from "./errors.js";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** Typed as a plain string so that tsc never resolves the optional package (the build works without it). */
export const TRANSFORMERS_PACKAGE: string = "@huggingface/transformers";
const INSTALL = "npm i -E -O @huggingface/transformers@4.3.2";
export const MODEL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"] as const;
const DEFAULT_REMOTE_HOST = "https://huggingface.co/";

export interface TransformerModelOptions {
  /** A local model folder, or a hub id such as "Xenova/all-mpnet-base-v2" looked up in <cacheDir>/<id>. */
  model: string;
  /** Where hub models live (and are downloaded to, with allowRemote). */
  cacheDir: string;
  /** May a hub model missing from cacheDir be downloaded? Default false: nothing touches the network. */
  allowRemote?: boolean;
  /** Hub (or mirror) to download from, default https://huggingface.co/. */
  remoteHost?: string;
  /** What to tell the user when a hub model is missing and downloads are off (a CLI names its own flag). */
  downloadHint?: string;
  /** Texts per forward pass, default 16. */
  batchSize?: number;
  /** Replaces `import("@huggingface/transformers")` (tests). */
  importer?: () => Promise<unknown>;
}

/** One text's tokens as the model saw them (special tokens included, padding left out). */
export interface TextTokens {
  ids: number[];
  /** Last hidden state of each token, in order. */
  vectors: Float32Array[];
  /** Whether each token is a special token added by the tokenizer ([CLS], [SEP], <s>, …; not [UNK]). */
  special: boolean[];
}

export interface TransformerModel {
  /** Token states of each text, in order (a text appearing twice is encoded twice: deduplicate first). */
  embedTokens(texts: string[]): Promise<TextTokens[]>;
}

// The slice of transformers.js used here (typed locally so the build never needs the optional package).
interface Tensor {
  dims: number[];
  data: ArrayLike<number | bigint>;
}
type Encoded = Record<string, Tensor> & { input_ids: Tensor; attention_mask: Tensor };
interface Tokenizer {
  (texts: string[], options: { padding: boolean; truncation: boolean; max_length: number }): Encoded;
  encode(text: string): number[];
  all_special_ids: number[];
  unk_token_id?: number | null;
  model_max_length?: number;
}
type Model = (inputs: Encoded) => Promise<Record<string, Tensor | undefined>>;
interface LoadOptions {
  cache_dir: string;
  local_files_only: boolean;
  dtype?: string;
  device?: string;
}
interface Transformers {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string; cacheDir: string | null; useFSCache: boolean; remoteHost: string };
  AutoTokenizer: { from_pretrained(id: string, options: LoadOptions): Promise<Tokenizer> };
  AutoModel: { from_pretrained(id: string, options: LoadOptions): Promise<Model> };
}

interface Loaded {
  tokenizer: Tokenizer;
  model: Model;
  maxLength: number;
  special: Set<number>;
  /** The special token that ends a sequence ([SEP], </s>), if the tokenizer adds one. */
  closing?: number;
}

/** Imports transformers.js on first use, or explains how to install it. */
async function importTransformers(importer?: () => Promise<unknown>): Promise<Transformers> {
  try {
    return (await (importer ? importer() : import(TRANSFORMERS_PACKAGE))) as Transformers;
  } catch (error) {
    throw new MetricUnavailableError(
      `The transformer: and bertscore: metrics need the optional package ${TRANSFORMERS_PACKAGE}, which could not be loaded ` +
        `(${(error as Error)?.message ?? error}). Run ${INSTALL} in auditllm's folder, or use another metric.`,
    );
  }
}

const HUB_ID = /^[\w.-]+(\/[\w.-]+)?$/;

/** Where the model's files are: a local folder, or <cacheDir>/<id> for a hub id. */
export function modelFolder(model: string, cacheDir: string): { folder: string; hubId?: string } {
  if (model.startsWith("~/")) return { folder: join(homedir(), model.slice(2)) };
  const pathLike = isAbsolute(model) || model.startsWith(".") || model.includes("\\") || !HUB_ID.test(model) || model.includes("..");
  return pathLike ? { folder: resolve(model) } : { folder: join(cacheDir, model), hubId: model };
}

function missingFiles(folder: string): string[] {
  return MODEL_FILES.filter((f) => !existsSync(join(folder, f)));
}

function notFound(model: string, cacheDir: string, downloadHint?: string): Error {
  const { folder, hubId } = modelFolder(model, cacheDir);
  const missing = missingFiles(folder);
  const needs = `${MODEL_FILES.join(", ")} of an ONNX export`;
  if (!hubId) {
    return new MetricUnavailableError(
      existsSync(folder)
        ? `transformer model folder ${folder} lacks ${missing.join(", ")}: it needs ${needs} (for instance a Xenova/… port from the Hugging Face hub)`
        : `transformer model folder ${folder} does not exist: give a folder holding ${needs}, or a hub id such as Xenova/all-mpnet-base-v2`,
    );
  }
  return new MetricUnavailableError(
    `transformer model ${hubId} is not in ${folder} (missing ${missing.join(", ")}) and downloads are off. ` +
      `${downloadHint ?? "Allow downloads (allowRemote) to fetch it once from the Hugging Face hub into that folder"}, ` +
      `or put ${needs} there yourself (e.g. Xenova/all-mpnet-base-v2 is the ONNX port of sentence-transformers/all-mpnet-base-v2).` +
      (existsSync(resolve(model)) ? ` For the folder ${resolve(model)}, write ./${model}.` : ""),
  );
}

/** The longest input: sentence-transformers' max_seq_length when given, else the tokenizer's limit, else 512. */
async function maxLength(folder: string, tokenizer: Tokenizer): Promise<number> {
  try {
    const st = JSON.parse(await readFile(join(folder, "sentence_bert_config.json"), "utf8")) as { max_seq_length?: unknown };
    if (typeof st.max_seq_length === "number" && st.max_seq_length > 0) return st.max_seq_length;
  } catch {
    // no sentence-transformers config
  }
  const limit = tokenizer.model_max_length;
  return typeof limit === "number" && Number.isFinite(limit) && limit > 0 && limit <= 100_000 ? limit : 512;
}

let loadQueue: Promise<unknown> = Promise.resolve();
const loaded = new Map<string, Promise<Loaded>>();

/** Loads a model, one load at a time (transformers.js settings are process-wide and set per load). */
async function load(options: TransformerModelOptions): Promise<Loaded> {
  const lib = await importTransformers(options.importer);
  const { folder, hubId } = modelFolder(options.model, options.cacheDir);
  const local = missingFiles(folder).length === 0;
  if (!local && (!hubId || !options.allowRemote)) throw notFound(options.model, options.cacheDir, options.downloadHint);
  const remote = !local && options.allowRemote === true;
  const { env } = lib;
  env.allowLocalModels = true;
  env.allowRemoteModels = remote;
  env.localModelPath = options.cacheDir;
  env.cacheDir = options.cacheDir;
  env.useFSCache = true;
  env.remoteHost = options.remoteHost ? options.remoteHost.replace(/\/?$/, "/") : DEFAULT_REMOTE_HOST;
  // A local folder is loaded by its absolute path (never a hub id), so transformers.js cannot go online for it.
  const source = local ? folder : hubId!;
  const loadOptions: LoadOptions = { cache_dir: options.cacheDir, local_files_only: !remote };
  try {
    const tokenizer = await lib.AutoTokenizer.from_pretrained(source, loadOptions);
    const model = await lib.AutoModel.from_pretrained(source, { ...loadOptions, dtype: "fp32", device: "cpu" });
    const special = new Set(tokenizer.all_special_ids.filter((id) => id !== tokenizer.unk_token_id));
    const last = tokenizer.encode("a").at(-1);
    const closing = last !== undefined && special.has(last) ? last : undefined;
    return { tokenizer, model, special, closing, maxLength: await maxLength(folder, tokenizer) };
  } catch (error) {
    const reason = rootCause(error);
    if (remote && NETWORK.test(reason)) {
      throw new MetricUnavailableError(
        `could not reach ${new URL(env.remoteHost).host} to download transformer model ${hubId} (${reason}); nothing was downloaded. ` +
          `Check the network or the hub address, or put ${MODEL_FILES.join(", ")} into ${folder} yourself.`,
      );
    }
    throw new MetricUnavailableError(`could not load transformer model ${options.model} from ${remote ? env.remoteHost : folder}: ${reason}`);
  }
}

const NETWORK = /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ENETUNREACH|socket/i;

/** An error's message with the codes and messages of its causes ("fetch failed" alone names nothing). */
function rootCause(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: unknown; code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const text = [typeof e.code === "string" ? e.code : "", typeof e.message === "string" ? e.message : String(e)].filter(Boolean).join(" ");
    if (text && !parts.includes(text)) parts.push(text);
    if (typeof e !== "object") break;
  }
  return parts.join(": ") || String(error);
}

function loadShared(options: TransformerModelOptions): Promise<Loaded> {
  const key = JSON.stringify([options.model, resolve(options.cacheDir), options.allowRemote === true, options.remoteHost ?? ""]);
  let model = loaded.get(key);
  if (!model) {
    model = loadQueue.then(() => load(options));
    loadQueue = model.catch(() => undefined);
    model.catch(() => loaded.delete(key));
    loaded.set(key, model);
  }
  return model;
}

/**
 * transformers.js truncates a long text after adding the special tokens, so its closing [SEP] / </s> is
 * cut off; sentence-transformers (Hugging Face tokenizers) keeps it: [CLS] + the first max − 2 tokens +
 * [SEP]. A row cut at the full width that does not end with the closing token gets it back in place of
 * its last word.
 */
function closeTruncated(inputs: Encoded, closing: number | undefined): void {
  if (closing === undefined) return;
  const [batch, seq] = inputs.input_ids.dims as [number, number];
  const ids = inputs.input_ids.data as unknown as (number | bigint)[];
  const mask = inputs.attention_mask.data;
  for (let b = 0; b < batch; b++) {
    const last = b * seq + seq - 1;
    if (Number(mask[last]) === 1 && Number(ids[last]) !== closing) ids[last] = typeof ids[last] === "bigint" ? BigInt(closing) : closing;
  }
}

async function encodeBatch(m: Loaded, texts: string[]): Promise<TextTokens[]> {
  const inputs = m.tokenizer(texts, { padding: true, truncation: true, max_length: m.maxLength });
  closeTruncated(inputs, m.closing);
  const outputs = await m.model(inputs);
  const hidden = outputs.last_hidden_state ?? outputs.token_embeddings;
  if (!hidden) throw new Error(`the model returned no last_hidden_state (outputs: ${Object.keys(outputs).join(", ")})`);
  const [batch, seq, dim] = hidden.dims as [number, number, number];
  const data = hidden.data as Float32Array;
  const ids = inputs.input_ids.data;
  const mask = inputs.attention_mask.data;
  if (batch !== texts.length || ids.length !== batch * seq) throw new Error(`unexpected model output shape [${hidden.dims.join(", ")}]`);
  return texts.map((_, b) => {
    const tokens: TextTokens = { ids: [], vectors: [], special: [] };
    for (let s = 0; s < seq; s++) {
      const at = b * seq + s;
      if (Number(mask[at]) === 0) continue;
      const id = Number(ids[at]);
      tokens.ids.push(id);
      tokens.vectors.push(data.slice(at * dim, (at + 1) * dim));
      tokens.special.push(m.special.has(id));
    }
    return tokens;
  });
}

/** A transformer encoder; nothing is imported or loaded until the first `embedTokens`. */
export function transformerModel(options: TransformerModelOptions): TransformerModel {
  const batchSize = Math.max(1, options.batchSize ?? 16);
  return {
    async embedTokens(texts) {
      if (texts.length === 0) return [];
      const m = await loadShared(options);
      // Similar lengths share a batch, so little padding is computed.
      const order = texts.map((_, i) => i).sort((x, y) => texts[x]!.length - texts[y]!.length);
      const out = new Array<TextTokens>(texts.length);
      for (let start = 0; start < order.length; start += batchSize) {
        const chunk = order.slice(start, start + batchSize);
        const encoded = await encodeBatch(
          m,
          chunk.map((i) => texts[i]!),
        );
        chunk.forEach((i, k) => (out[i] = encoded[k]!));
      }
      return out;
    },
  };
}
