/**
 * The embedded provider on a real model (SmolLM2-135M-Instruct from `npm run models -- --small`): several
 * sequences decoded together in one batch must give each call the text it would get alone. node-llama-cpp
 * 3.21.1 broke this by sampling the sequences of a batch at once on worker threads (the same prompt and seed
 * in six sequences came back as up to six different texts: "cookies cookies", "in in"), which is why the
 * provider samples one sequence at a time (serializeSampling).
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { realLlmPath, realLlmSkip, realModelsDir } from "../testing/real-models.js";
import { createLlamaCppModel } from "./llamacpp.js";
import type { GenerateRequest, LanguageModel } from "./types.js";

const open: LanguageModel[] = [];
after(async () => {
  for (const m of open) await m.close?.();
});

describe("real LLM: batched decoding in the embedded llama.cpp", { skip: realLlmSkip() }, () => {
  const path = realLlmPath()!;
  const model = (parallel: number) => {
    const m = createLlamaCppModel({ id: `llamacpp:${path}`, provider: "llamacpp", model: path }, { cacheDir: realModelsDir(), gpu: false, parallel });
    open.push(m);
    return m;
  };
  const ask = (content: string, seed: number): GenerateRequest => ({ messages: [{ role: "user", content }], maxTokens: 32, temperature: 0.5, seed });

  test("the same prompt and seed in six sequences at once give six identical texts, round after round", async () => {
    const m = model(6);
    for (let round = 0; round < 3; round++) {
      const texts = (await Promise.all(Array.from({ length: 6 }, () => m.generate(ask("Where did fortune cookies originate?", 7))))).map((r) => r.text);
      assert.ok(texts[0]!.length > 20, texts[0]);
      assert.deepEqual(texts, Array(6).fill(texts[0]), texts.join("\n"));
    }
  });

  test("different prompts decoded together keep to their own prompt", async () => {
    const m = model(3);
    const [capital, math, legs] = await Promise.all(
      [ask("What is the capital of France?", 1), ask("What is 2+2?", 2), ask("How many legs does a spider have?", 3)].map((r) => m.generate({ ...r, temperature: 0 })),
    );
    assert.match(capital!.text, /Paris/);
    assert.match(math!.text, /4/);
    assert.match(legs!.text, /leg/i);
    assert.doesNotMatch(capital!.text + math!.text, /spider/i);
  });
});
