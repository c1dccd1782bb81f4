/**
 * `npm run bench:llm`: answers per minute of the embedded llama.cpp provider on the real SmolLM2-135M-Instruct
 * (`npm run models -- --small`), with 1 context sequence (one answer at a time) against N sequences decoded
 * together in one batch, for one question's 6 answers and for a 20-question batch (each question and 2
 * probes: 60 answers). Calls go through the provider as the CLI makes them (all submitted at once; the
 * provider serves as many as it has sequences). Prints one line per setting and repeat.
 *   node dist/bench/llm.js [--tokens 48] [--repeat 2] [--parallel 1,2,4,6,8] [--threads 1] [--one-only]
 */
import { cpus } from "node:os";
import { createLlamaCppModel } from "../providers/llamacpp.js";
import type { GenerateRequest, LanguageModel } from "../providers/types.js";
import { FAMILIES } from "../testing/quiz-questions.js";
import { realLlmPath, realModelsDir } from "../testing/real-models.js";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const maxTokens = Number(arg("tokens", "48"));
const repeats = Number(arg("repeat", "2"));
const parallels = arg("parallel", "1,2,4,6,8").split(",").map(Number);
const threadList = arg("threads", "1").split(",").map(Number);

/** One question and its 5 probes, and 20 questions with 2 probes each, from the quiz families. */
const item = (f: number, i: number) => {
  const family = FAMILIES[f % FAMILIES.length]!;
  const subject = family.items[i % family.items.length]!.split("|")[0]!;
  return [family.question(subject), ...family.probes.map((p) => p(subject))];
};
const oneQuestion = item(0, 0).slice(0, 6);
const batch = Array.from({ length: 20 }, (_, q) => item(q, Math.floor(q / FAMILIES.length) + 1).slice(0, 3)).flat();

const request = (prompt: string, seed: number): GenerateRequest => ({ messages: [{ role: "user", content: prompt }], maxTokens, temperature: 0.5, seed });

async function timed(model: LanguageModel, prompts: string[]) {
  const started = performance.now();
  const results = await Promise.all(prompts.map((p, i) => model.generate(request(p, i + 1))));
  const seconds = (performance.now() - started) / 1000;
  const tokens = results.reduce((sum, r) => sum + (r.usage.outputTokens ?? 0), 0);
  return { seconds, answersPerMinute: (prompts.length / seconds) * 60, tokensPerSecond: tokens / seconds };
}

const path = realLlmPath();
if (!path) {
  console.error(`bench:llm skipped: no real LLM in ${realModelsDir()} (run npm run models -- --small)`);
  process.exit(0);
}
console.log(`SmolLM2-135M-Instruct Q4_1 · ${cpus().length} cores · max ${maxTokens} tokens a answer · temperature 0.5`);
console.log("setting                 one question (6 answers)      20 questions (60 answers)");
for (let r = 0; r < repeats; r++) {
  for (const threads of threadList) {
    for (const parallel of parallels) {
      const model = createLlamaCppModel({ id: `llamacpp:${path}`, provider: "llamacpp", model: path }, { cacheDir: realModelsDir(), gpu: false, parallel, threads });
      await model.prepare!();
      await model.generate({ ...request("Hello", 0), maxTokens: 4 }); // warm-up
      const one = await timed(model, oneQuestion);
      const many = process.argv.includes("--one-only") ? undefined : await timed(model, batch);
      await model.close!();
      const cell = (x: typeof one | undefined) =>
        !x ? "" : `${x.answersPerMinute.toFixed(0).padStart(4)}/min ${x.tokensPerSecond.toFixed(1).padStart(5)} tok/s ${x.seconds.toFixed(1).padStart(6)} s`;
      console.log(`${`run ${r + 1} p=${parallel} t=${threads}`.padEnd(22)}  ${cell(one)}    ${cell(many)}`);
    }
  }
}
