/** Checks the tiny GGUF writer: the header bytes, determinism, and that node-llama-cpp's own parser reads it. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { tinyLlamaGguf, writeTinyLlamaGguf } from "./gguf.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-gguf-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("writes a GGUF v3 header with 12 tensors and the metadata count", async () => {
  const path = join(dir, "tiny.gguf");
  await writeTinyLlamaGguf(path, { seed: 3 });
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 4).toString("latin1"), "GGUF");
  assert.equal(bytes.readUInt32LE(4), 3);
  assert.equal(bytes.readBigUInt64LE(8), 12n);
  assert.equal(bytes.readBigUInt64LE(16), 22n);
  assert.equal(bytes.length % 32, 0, "tensor data is padded to the alignment");
});

test("is deterministic for a seed and differs between seeds", () => {
  const a = tinyLlamaGguf({ seed: 5 });
  assert.deepEqual(tinyLlamaGguf({ seed: 5 }), a);
  assert.notDeepEqual(tinyLlamaGguf({ seed: 6 }), a);
  assert.equal(tinyLlamaGguf({ seed: 6 }).length, a.length);
});

test("node-llama-cpp reads the metadata and tensor table", async () => {
  const path = join(dir, "parsed.gguf");
  await writeTinyLlamaGguf(path, { seed: 1, embedding: 64, heads: 4, contextLength: 1024 });
  const { readGgufFileInfo } = await import("node-llama-cpp");
  const info = await readGgufFileInfo(path);
  assert.equal(info.version, 3);
  const meta = info.metadata as unknown as {
    general: { architecture: string };
    llama: { embedding_length: number; context_length: number; attention: { head_count: number } };
    tokenizer: { ggml: { model: string; tokens: string[]; eos_token_id: number }; chat_template: string };
  };
  assert.equal(meta.general.architecture, "llama");
  assert.equal(meta.llama.embedding_length, 64);
  assert.equal(meta.llama.context_length, 1024);
  assert.equal(meta.llama.attention.head_count, 4);
  assert.equal(meta.tokenizer.ggml.model, "llama");
  assert.equal(meta.tokenizer.ggml.tokens[meta.tokenizer.ggml.eos_token_id], "<|im_end|>");
  assert.ok(meta.tokenizer.ggml.tokens.includes("<0xFF>"));
  assert.match(meta.tokenizer.chat_template, /<\|im_start\|>/);
  const embedding = info.fullTensorInfo?.find((t) => t.name === "token_embd.weight");
  assert.deepEqual(embedding?.dimensions.map(Number), [64, meta.tokenizer.ggml.tokens.length]);
});
