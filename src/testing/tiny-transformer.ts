/**
 * Writes a tiny BERT-like model that transformers.js loads offline, for tests of the transformer and
 * BERTScore metrics: config.json (model_type "bert"), a real WordPiece tokenizer.json (BertNormalizer
 * lower-casing, BertPreTokenizer, a TemplateProcessing post-processor adding [CLS]/[SEP]),
 * tokenizer_config.json and onnx/model.onnx. The ONNX graph is one Gather: last_hidden_state[b, s] is
 * row input_ids[b, s] of a known embedding table, so every score can be computed by hand from
 * `embeddings`. attention_mask and token_type_ids are declared (as a BERT export has them) and unused.
 *
 * The table is deterministic: word i has unit weight on its own axis plus a little seeded noise, so
 * different words are nearly orthogonal; the members of each SYNONYMS group also share one extra axis
 * (cosine about 0.5 between them), so a "meaning" beyond shared words exists for tests to find.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ONNX_FLOAT, ONNX_INT64, onnxModel } from "./onnx-proto.js";
import { gaussian } from "./random.js";

export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

const WORDS = (
  "the a is of and in to it was on for with as at by from not no yes " +
  "capital city town france paris germany berlin italy rome river seine flows through " +
  "big large small little old new cat dog runs sleeps sky blue green red water answer question " +
  "##s ##ing ##ed . , ? !"
).split(" ");

/** Words sharing an extra embedding axis. */
export const SYNONYMS: readonly (readonly string[])[] = [
  ["big", "large"],
  ["small", "little"],
  ["city", "town"],
];

export interface TinyTransformerOptions {
  /** Seed of the noise added to the word vectors. */
  seed?: number;
  /** Scale of that noise (0 gives exactly orthogonal words). */
  noise?: number;
}

export interface TinyTransformer {
  /** The model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx). */
  dir: string;
  /** Token strings by id. */
  vocab: string[];
  /** Row per token id: what the model outputs for that token wherever it stands. */
  embeddings: Float32Array[];
  /** The id of a token string (throws if it is not in the vocabulary). */
  id(token: string): number;
}

/** The embedding table: [PAD] is zero; every other token has its own axis, synonyms one shared axis more. */
function embeddingTable(vocab: string[], seed: number, noise: number): Float32Array[] {
  const dim = vocab.length + SYNONYMS.length;
  const rand = gaussian(seed);
  return vocab.map((token, id) => {
    const row = new Float32Array(dim);
    if (token === "[PAD]") return row;
    row[id] = 1;
    SYNONYMS.forEach((group, g) => {
      if (group.includes(token)) row[vocab.length + g] = 1;
    });
    for (let k = 0; k < dim; k++) row[k]! += noise * rand();
    return row;
  });
}

function tokenizerJson(vocab: string[]): object {
  const special = (content: string) => ({
    id: vocab.indexOf(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const token = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [token("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, token("[SEP]")],
      pair: [token("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, token("[SEP]"), { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } }],
      special_tokens: Object.fromEntries(["[CLS]", "[SEP]"].map((t) => [t, { id: t, ids: [vocab.indexOf(t)], tokens: [t] }])),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/** Writes the tiny model into `dir` (created if needed) and returns its vocabulary and embedding table. */
export async function writeTinyTransformer(dir: string, options: TinyTransformerOptions = {}): Promise<TinyTransformer> {
  const { seed = 1, noise = 0.05 } = options;
  const vocab = [...SPECIAL_TOKENS, ...WORDS];
  const embeddings = embeddingTable(vocab, seed, noise);
  const dim = embeddings[0]!.length;
  const config = {
    model_type: "bert",
    architectures: ["BertModel"],
    vocab_size: vocab.length,
    hidden_size: dim,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: dim,
    max_position_embeddings: 64,
    type_vocab_size: 2,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    model_max_length: 64,
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    mask_token: "[MASK]",
    clean_up_tokenization_spaces: true,
  };
  const ids = (name: string) => ({ name, elemType: ONNX_INT64, dims: ["batch_size", "sequence_length"] });
  const model = onnxModel({
    name: "tiny_bert",
    nodes: [{ opType: "Gather", inputs: ["embeddings", "input_ids"], outputs: ["last_hidden_state"], intAttributes: { axis: 0 } }],
    initializers: [{ name: "embeddings", dims: [vocab.length, dim], data: Float32Array.from(embeddings.flatMap((row) => [...row])) }],
    inputs: [ids("input_ids"), ids("attention_mask"), ids("token_type_ids")],
    outputs: [{ name: "last_hidden_state", elemType: ONNX_FLOAT, dims: ["batch_size", "sequence_length", dim] }],
  });
  await mkdir(join(dir, "onnx"), { recursive: true });
  await Promise.all([
    writeFile(join(dir, "config.json"), JSON.stringify(config, null, 2)),
    writeFile(join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson(vocab))),
    writeFile(join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig, null, 2)),
    writeFile(join(dir, "onnx", "model.onnx"), model),
  ]);
  return {
    dir,
    vocab,
    embeddings,
    id(token) {
      const i = vocab.indexOf(token);
      if (i < 0) throw new Error(`"${token}" is not in the tiny model's vocabulary`);
      return i;
    },
  };
}
