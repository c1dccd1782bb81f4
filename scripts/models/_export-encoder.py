"""
Exports a Hugging Face encoder (a sentence-transformers folder: config.json, model.safetensors,
tokenizer files) to the ONNX layout transformers.js loads: <out>/onnx/model.onnx with inputs
input_ids, attention_mask (and token_type_ids when the model has token types) and the output
last_hidden_state, dynamic in batch and sequence. Then it checks the export against PyTorch and writes
<out>/auditllm-reference.json: mean-pooled, normalised embeddings of a few sentences as PyTorch computes
them, which auditllm's tests compare with what transformers.js computes from the exported folder.

  python export-encoder.py <source-folder> <out-folder>

Run by scripts/models/_encoder.mjs inside the cache's venv (torch==2.13.0 CPU, transformers).
The export is deterministic for a given torch/transformers pair (TorchScript exporter, fixed opset,
fixed example input), so the ONNX file's sha256 is reproducible; prints one JSON line with what it did.
"""
import json
import os
import shutil
import sys
import time

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

OPSET = 17
TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
                   "sentence_bert_config.json", "config_sentence_transformers.json", "modules.json",
                   "1_Pooling/config.json"]
SENTENCES = [
    "A man is playing a guitar.",
    "Someone plays an acoustic guitar on stage.",
    "The stock market fell sharply on Monday.",
    "Where did fortune cookies originate? They were first made in California, probably by Japanese immigrants.",
    "Ünïcode — naïve café, 1990s; émigrés' “quotes”.",
]
# Longer than the tokenizer.json's own truncation (128 tokens), and longer than max_seq_length (cut there).
LONG = " ".join(f"Sentence {i} of a long answer says that the river floods every spring near the old mill." for i in range(12))
SENTENCES += [LONG, LONG * 2]


def mean_pooled(hidden, mask):
    m = mask[..., None].astype(np.float64)
    s = (hidden.astype(np.float64) * m).sum(1) / m.sum(1)
    return s / np.linalg.norm(s, axis=1, keepdims=True)


def main(src, out):
    started = time.time()
    torch.manual_seed(0)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    tokenizer = AutoTokenizer.from_pretrained(src)
    model = AutoModel.from_pretrained(src, attn_implementation="eager").eval()
    uses_types = getattr(model.config, "type_vocab_size", 0) and "token_type_ids" in tokenizer.model_input_names
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if uses_types else [])
    example = tokenizer(SENTENCES[:2], padding=True, return_tensors="pt")
    args = tuple(example[n] for n in names)

    class Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *inputs):
            return self.inner(**dict(zip(names, inputs))).last_hidden_state

    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    onnx_path = os.path.join(out, "onnx", "model.onnx")
    dynamic = {n: {0: "batch", 1: "sequence"} for n in names}
    dynamic["last_hidden_state"] = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(Wrapper(model).eval(), args, onnx_path, input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True, dynamo=False)
    model.eval()  # the exporter restores the wrapper's (training) mode, which would switch dropout on
    for f in ["config.json"] + TOKENIZER_FILES:
        if os.path.exists(os.path.join(src, f)):
            os.makedirs(os.path.dirname(os.path.join(out, f)) or out, exist_ok=True)
            shutil.copyfile(os.path.join(src, f), os.path.join(out, f))

    # Check: ONNX Runtime on the export against PyTorch, on sentences of other lengths than the example,
    # tokenised as sentence-transformers does (truncated at max_seq_length).
    import onnxruntime as ort
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    with open(os.path.join(src, "sentence_bert_config.json")) as f:
        max_length = json.load(f)["max_seq_length"]
    enc = tokenizer(SENTENCES, padding=True, truncation=True, max_length=max_length, return_tensors="np")
    feed = {n: enc[n].astype(np.int64) for n in names}
    got = session.run(["last_hidden_state"], feed)[0]
    with torch.no_grad():
        want = model(**{n: torch.from_numpy(feed[n]) for n in names}).last_hidden_state.numpy()
    diff = float(np.abs(got - want).max())
    if diff > 1e-3:
        raise SystemExit(f"the ONNX export differs from PyTorch by {diff}")
    reference = {
        "note": "mean-pooled, L2-normalised last hidden states computed by PyTorch from the source weights",
        "sentences": SENTENCES,
        "tokens": [int(n) for n in enc["attention_mask"].sum(1)],
        "embeddings": [[round(float(x), 6) for x in row] for row in mean_pooled(want, enc["attention_mask"])],
    }
    with open(os.path.join(out, "auditllm-reference.json"), "w") as f:
        json.dump(reference, f)
    print(json.dumps({"onnx": onnx_path, "inputs": names, "maxAbsDiff": diff, "seconds": round(time.time() - started, 1),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
