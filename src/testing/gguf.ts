/**
 * Writes a tiny random-weight one-layer `llama` model as a GGUF v3 file, for offline tests of the
 * embedded llama.cpp provider. F32 tensors, a SentencePiece ("llama") vocabulary of control tokens,
 * 256 byte tokens and some English pieces, and a ChatML chat template. Deterministic for a seed.
 *
 * Logit biases ride on a constant embedding dimension (dim 0 is 1 for every token, so the normed
 * hidden state keeps it near 1): byte and control tokens are pushed down so output reads as words,
 * and `eosBias` decides how soon `<|im_end|>` ends a reply (-8, the default: almost never).
 */
import { writeFile } from "node:fs/promises";
import { gaussian } from "./random.js";

export interface TinyLlamaOptions {
  seed?: number;
  /** Logit added to the end-of-turn token; about 3 makes replies stop after a few tokens. */
  eosBias?: number;
  embedding?: number;
  heads?: number;
  contextLength?: number;
}

const WORDS = (
  "the a is of and to in it that was for on are with as I his they be at one have this from or had by word but what some " +
  "we can out other were all there when up use your how said an each she which do their time if will way about many then " +
  "them would write like so these her long make thing see him two has look more day could go come did number sound no most " +
  "people my over know water than call first who may down side been now find Paris capital France answer question city river"
).split(" ");
const CONTROL = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"];
const CHAT_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
const EOS = 4; // <|im_end|>

/** The vocabulary: pieces, scores (earlier pieces merge first) and GGUF token types (1 normal, 2 unknown, 3 control, 6 byte). */
function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = [...CONTROL];
  const types = [2, 3, 3, 3, 3];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6);
  }
  const chars = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,?!'-:"];
  for (const piece of new Set(["\u2581", ...WORDS.map((w) => `\u2581${w}`), ...chars])) {
    tokens.push(piece);
    types.push(1);
  }
  const scores = tokens.map((_, i) => (types[i] === 1 ? -i / 100 : 0));
  return { tokens, scores, types };
}

type Value =
  | { t: "u32"; v: number }
  | { t: "f32"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "str"; v: string }
  | { t: "strs"; v: string[] }
  | { t: "f32s"; v: number[] }
  | { t: "i32s"; v: number[] };

/** A growable little-endian byte buffer. */
class Writer {
  private buf = Buffer.alloc(1 << 16);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.length);
    this.length += 4;
  }
  i32(v: number): void {
    this.room(4);
    this.buf.writeInt32LE(v, this.length);
    this.length += 4;
  }
  u64(v: number): void {
    this.room(8);
    this.buf.writeBigUInt64LE(BigInt(v), this.length);
    this.length += 8;
  }
  f32(v: number): void {
    this.room(4);
    this.buf.writeFloatLE(v, this.length);
    this.length += 4;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }
  str(s: string): void {
    const b = Buffer.from(s, "utf8");
    this.u64(b.length);
    this.room(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
  }
  pad(alignment: number): void {
    while (this.length % alignment !== 0) this.u8(0);
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

const TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, str: 8, arr: 9 };

function writeValue(w: Writer, value: Value): void {
  const array = (type: number, n: number) => {
    w.u32(TYPE.arr);
    w.u32(type);
    w.u64(n);
  };
  switch (value.t) {
    case "u32":
      w.u32(TYPE.u32);
      w.u32(value.v);
      break;
    case "f32":
      w.u32(TYPE.f32);
      w.f32(value.v);
      break;
    case "bool":
      w.u32(TYPE.bool);
      w.u8(value.v ? 1 : 0);
      break;
    case "str":
      w.u32(TYPE.str);
      w.str(value.v);
      break;
    case "strs":
      array(TYPE.str, value.v.length);
      value.v.forEach((s) => w.str(s));
      break;
    case "f32s":
      array(TYPE.f32, value.v.length);
      value.v.forEach((x) => w.f32(x));
      break;
    case "i32s":
      array(TYPE.i32, value.v.length);
      value.v.forEach((x) => w.i32(x));
      break;
  }
}

/** The GGUF bytes of the tiny model. */
export function tinyLlamaGguf(options: TinyLlamaOptions = {}): Uint8Array {
  const { seed = 1, eosBias = -8, embedding: d = 32, heads = 2, contextLength = 2048 } = options;
  const ff = d * 2;
  const { tokens, scores, types } = vocabulary();
  const n = tokens.length;
  const rand = gaussian(seed);
  const matrix = (cols: number, rows: number, scale: number) => Float32Array.from({ length: cols * rows }, () => rand() * scale);
  const ones = (k: number) => new Float32Array(k).fill(1);

  const embd = matrix(d, n, 1);
  for (let t = 0; t < n; t++) embd[t * d] = 1;
  const output = matrix(d, n, 1 / Math.sqrt(d));
  for (let t = 0; t < n; t++) output[t * d] = t === EOS ? eosBias : types[t] === 1 ? 0 : -8;
  const small = 0.2 / Math.sqrt(d);
  const tensors: [string, number[], Float32Array][] = [
    ["token_embd.weight", [d, n], embd],
    ["output_norm.weight", [d], ones(d)],
    ["output.weight", [d, n], output],
    ["blk.0.attn_norm.weight", [d], ones(d)],
    ["blk.0.attn_q.weight", [d, d], matrix(d, d, 1 / Math.sqrt(d))],
    ["blk.0.attn_k.weight", [d, d], matrix(d, d, 1 / Math.sqrt(d))],
    ["blk.0.attn_v.weight", [d, d], matrix(d, d, 1 / Math.sqrt(d))],
    ["blk.0.attn_output.weight", [d, d], matrix(d, d, small)],
    ["blk.0.ffn_norm.weight", [d], ones(d)],
    ["blk.0.ffn_gate.weight", [d, ff], matrix(d, ff, 1 / Math.sqrt(d))],
    ["blk.0.ffn_down.weight", [ff, d], matrix(ff, d, small)],
    ["blk.0.ffn_up.weight", [d, ff], matrix(d, ff, 1 / Math.sqrt(d))],
  ];
  const kvs: [string, Value][] = [
    ["general.architecture", { t: "str", v: "llama" }],
    ["general.name", { t: "str", v: "auditllm tiny test llama" }],
    ["general.alignment", { t: "u32", v: 32 }],
    ["llama.context_length", { t: "u32", v: contextLength }],
    ["llama.embedding_length", { t: "u32", v: d }],
    ["llama.block_count", { t: "u32", v: 1 }],
    ["llama.feed_forward_length", { t: "u32", v: ff }],
    ["llama.attention.head_count", { t: "u32", v: heads }],
    ["llama.attention.head_count_kv", { t: "u32", v: heads }],
    ["llama.attention.layer_norm_rms_epsilon", { t: "f32", v: 1e-5 }],
    ["llama.rope.dimension_count", { t: "u32", v: d / heads }],
    ["llama.vocab_size", { t: "u32", v: n }],
    ["tokenizer.ggml.model", { t: "str", v: "llama" }],
    ["tokenizer.ggml.tokens", { t: "strs", v: tokens }],
    ["tokenizer.ggml.scores", { t: "f32s", v: scores }],
    ["tokenizer.ggml.token_type", { t: "i32s", v: types }],
    ["tokenizer.ggml.unknown_token_id", { t: "u32", v: 0 }],
    ["tokenizer.ggml.bos_token_id", { t: "u32", v: 1 }],
    ["tokenizer.ggml.eos_token_id", { t: "u32", v: EOS }],
    ["tokenizer.ggml.add_bos_token", { t: "bool", v: true }],
    ["tokenizer.ggml.add_eos_token", { t: "bool", v: false }],
    ["tokenizer.chat_template", { t: "str", v: CHAT_TEMPLATE }],
  ];

  const w = new Writer();
  w.u32(0x46554747); // "GGUF"
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kvs.length);
  for (const [key, value] of kvs) {
    w.str(key);
    writeValue(w, value);
  }
  let offset = 0;
  for (const [name, dims, data] of tensors) {
    w.str(name);
    w.u32(dims.length);
    dims.forEach((x) => w.u64(x));
    w.u32(0); // GGML_TYPE_F32
    w.u64(offset);
    offset += Math.ceil((data.length * 4) / 32) * 32;
  }
  w.pad(32);
  for (const [, , data] of tensors) {
    data.forEach((x) => w.f32(x));
    w.pad(32);
  }
  return w.bytes();
}

/** Writes the tiny model to `path`. */
export async function writeTinyLlamaGguf(path: string, options: TinyLlamaOptions = {}): Promise<void> {
  await writeFile(path, tinyLlamaGguf(options));
}
