import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { listCachedModels } from "./cache.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-model-cache-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function encoder(folder: string, onnxBytes = 10) {
  mkdirSync(join(folder, "onnx"), { recursive: true });
  for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"]) writeFileSync(join(folder, f), "{}");
  writeFileSync(join(folder, "onnx", "model.onnx"), Buffer.alloc(onnxBytes));
}

test("lists GGUF files as llamacpp: ids and transformers.js folders as transformer: ids, with their sizes", () => {
  const models = join(dir, "models");
  mkdirSync(models, { recursive: true });
  writeFileSync(join(models, "SmolLM2-135M-Instruct.Q4_1.gguf"), Buffer.alloc(1234));
  writeFileSync(join(models, "hf_user_repo.Q4_K_M.gguf"), Buffer.alloc(10));
  encoder(join(models, "Xenova", "all-MiniLM-L6-v2"), 100);
  encoder(join(models, "deep", "er", "than a hub id"), 1);
  mkdirSync(join(models, "Xenova", "incomplete", "onnx"), { recursive: true }); // no config: not a model
  writeFileSync(join(models, "notes.txt"), "x");
  writeFileSync(join(models, ".checksums.json"), "{}");
  mkdirSync(join(models, ".staging-x-1"));
  writeFileSync(join(models, ".staging-x-1", "half.gguf"), "GGUF");

  assert.deepEqual(
    listCachedModels(models),
    [
      { id: `llamacpp:${join(models, "SmolLM2-135M-Instruct.Q4_1.gguf")}`, kind: "llm", path: join(models, "SmolLM2-135M-Instruct.Q4_1.gguf"), bytes: 1234 },
      { id: `llamacpp:${join(models, "hf_user_repo.Q4_K_M.gguf")}`, kind: "llm", path: join(models, "hf_user_repo.Q4_K_M.gguf"), bytes: 10 },
      { id: "transformer:Xenova/all-MiniLM-L6-v2", kind: "encoder", path: join(models, "Xenova", "all-MiniLM-L6-v2"), bytes: 100 + 6 },
      { id: `transformer:${join(models, "deep", "er", "than a hub id")}`, kind: "encoder", path: join(models, "deep", "er", "than a hub id"), bytes: 1 + 6 },
    ].sort((a, b) => (a.kind === b.kind ? a.path.localeCompare(b.path) : a.kind === "llm" ? -1 : 1)),
  );
});

test("a missing or empty cache lists nothing", () => {
  assert.deepEqual(listCachedModels(join(dir, "absent")), []);
});
