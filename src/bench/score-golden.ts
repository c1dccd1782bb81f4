/**
 * Golden check of the scoring: scores a fixed corpus with the embedded metrics and writes every output
 * (matrices, consistency, outliers, contradictions, sentence support, clusters, truthfulness, probe
 * checks, conflicts, word support, non-answers) at full precision as JSON, so a speed change can prove it
 * changed no number, not even in the last bit:
 *   node dist/bench/score-golden.js --write /tmp/before.json     (before the change)
 *   node dist/bench/score-golden.js --against /tmp/before.json   (after it: exits 1 at the first difference)
 * A change that reorders floating-point sums moves some numbers in their last bits; `--within 1e-12` accepts
 * that, and only that (golden-diff.ts: every other value equal, no number changed at the 4 places reports show).
 * The corpus: the throughput bench's batch (the first 300 TruthfulQA questions, probes and answers as
 * src/testing/audit-script.ts writes them, scored through batch/item.ts), examples/, and from ../shared/data
 * (when present) SAC3 NQ-open answers, STS-B dev and ChatProtect pairs and SelfCheckGPT WikiBio passages.
 * Everything runs in one order in one process, so memos and interned ids evolve as they do in a run.
 * `--only truthfulqa` scores just the bench's batch (profile it with node --cpu-prof).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readInput } from "../batch/input/index.js";
import { auditItem } from "../batch/item.js";
import { goldenDiff, withinLastBits } from "./golden-diff.js";
import { cacheDir } from "../config/paths.js";
import { agreement } from "../core/agreement.js";
import { sentenceSupport } from "../core/meaning.js";
import type { AuditConfig, CallResult, Complete } from "../core/types.js";
import { conflictMatrix, conflicts } from "../similarity/conflict.js";
import { focusTexts, givenStems } from "../similarity/focus.js";
import { createMetric, loadGlove } from "../similarity/index.js";
import { contentSignature } from "../similarity/signature.js";
import { wordSupport } from "../similarity/support.js";
import type { InputRow } from "../store/rows.js";
import { auditScript } from "../testing/audit-script.js";
import type { ScriptedRequest } from "../testing/llm-server-types.js";
import { sharedDataDir } from "../testing/paths.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const cache = cacheDir();
const hybrid = createMetric("hybrid", { cacheDir: cache });
const lexical = createMetric("lexical", { cacheDir: cache });
loadGlove({ cacheDir: cache }); // loaded before the clock starts (it touches no memo)
const cpu = process.cpuUsage();
const out: unknown[] = [];
/** --only truthfulqa: just the throughput bench's batch (for profiling the scoring alone). */
const only = option("--only");
const started = performance.now();

const config: Omit<AuditConfig, "target"> = { prober: "openai-compatible:m", probeCount: 5, samples: 1, temperature: 0.5, proberTemperature: 0, maxTokens: 200, diversity: "medium" };
const script = auditScript();
/** The scripted server's replies, without the server: the same texts the throughput bench's batch gets. */
const complete: Complete = async (spec) => {
  const prompt = [...spec.messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const reply = script.reply({ kind: "chat", model: "m", prompt, messages: spec.messages, inFlight: 1 } as unknown as ScriptedRequest);
  const text = typeof reply === "string" ? reply : "text" in reply ? reply.text : "";
  return { text, finishReason: "stop", key: "", cached: false, latencyMs: 0, attempts: 1 } as CallResult;
};

async function rowsOf(file: string): Promise<InputRow[]> {
  const rows: InputRow[] = [];
  for await (const item of readInput(file)) if (item.ok) rows.push(item.row);
  return rows;
}

async function batch(label: string, rows: InputRow[]): Promise<void> {
  for (const row of rows) {
    const outcome = await auditItem(row, ["openai-compatible:m"], config, { complete, metric: hybrid });
    out.push({ label, line: row.line, outcome });
  }
}

/** Every scoring part on a group of texts answering one question, with both metrics. */
async function parts(label: string, question: string | undefined, texts: string[]): Promise<void> {
  for (const metric of [hybrid, lexical]) {
    const found = await agreement(texts, metric, { question });
    out.push({ label, metric: metric.name, found, support: await sentenceSupport(texts, metric, { question }) });
  }
  out.push({ label, focus: focusTexts(texts, { question }).map((f) => ({ ...f, core: [...f.core], words: [...f.words] })) });
  out.push({ label, conflicts: conflictMatrix(texts, givenStems(question)), signatures: texts.map(contentSignature) });
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const shared = sharedDataDir();
const tmp = mkdtempSync(join(tmpdir(), "auditllm-golden-"));
const truthfulqa = shared && join(shared, "truthfulqa.csv");
if (truthfulqa && existsSync(truthfulqa)) {
  const lines = readFileSync(truthfulqa, "utf8").split("\n");
  writeFileSync(join(tmp, "q.csv"), `${lines.slice(0, 301).join("\n")}\n`);
  await batch("truthfulqa", await rowsOf(join(tmp, "q.csv")));
}
if (only !== "truthfulqa") for (const file of ["examples/truthfulqa-sample.csv", "examples/nq-open-30.jsonl"]) await batch(file, await rowsOf(join(root, file)));

if (shared && only !== "truthfulqa") {
  const sac3 = JSON.parse(readFileSync(join(shared, "sac3/nq_open_250.json"), "utf8")) as { question: string; self_evaluations: string[]; perb_evaluations: string[] }[];
  for (const [i, item] of sac3.entries()) await parts(`sac3 ${i}`, item.question, [...item.self_evaluations, ...item.perb_evaluations]);
  const sts = readFileSync(join(shared, "stsb/sts-dev.csv"), "utf8")
    .split("\n")
    .map((l) => l.split("\t"))
    .filter((f) => f.length >= 7)
    .map((f) => [f[5]!, f[6]!] as const);
  const chat = readFileSync(join(shared, "chatprotect/test_m3_chatgpt.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, 2000)
    .map((l) => JSON.parse(l) as { target: string; orig: string; alt: string })
    .map((r) => [r.orig, r.alt] as const);
  for (const [label, pairs] of [
    ["sts", sts],
    ["chatprotect", chat],
  ] as const) {
    for (let k = 0; k < pairs.length; k += 8) {
      const group = pairs.slice(k, k + 8);
      const left = group.map((p) => p[0]);
      const right = group.map((p) => p[1]);
      out.push({ label, k, hybrid: await hybrid.cross(left, right), lexical: await lexical.pairwise([...left, ...right]) });
      out.push({ label, k, conflicts: group.map(([a, b]) => conflicts(a, b)), support: wordSupport(left, right, hybrid.wordWeight) });
    }
  }
  // Enough new words and n-grams for the metrics to start their interned tables over (at 30,000 entries).
  for (const [label, file, header, a, b] of [
    ["sts-train", "stsb/sts-train.csv", 0, 5, 6],
    ["mrpc", "mrpc/msr_paraphrase_train.txt", 1, 3, 4],
  ] as const) {
    const rows = readFileSync(join(shared, file), "utf8")
      .split("\n")
      .slice(header)
      .map((l) => l.split("\t"))
      .filter((f) => f.length > Math.max(a, b));
    for (let k = 0; k < rows.length; k += 16) {
      const group = rows.slice(k, k + 16);
      out.push({
        label,
        k,
        hybrid: await hybrid.cross(
          group.map((f) => f[a]!),
          group.map((f) => f[b]!),
        ),
      });
    }
  }
  const wikibio = JSON.parse(readFileSync(join(shared, "wikibio/wikibio_gpt3_dev60.json"), "utf8")) as { gpt3_text: string; gpt3_text_samples: string[] }[];
  for (const [i, item] of wikibio.slice(0, 12).entries()) {
    const texts = [item.gpt3_text, ...item.gpt3_text_samples.slice(0, 10)];
    if (i === 0) for (const passage of wikibio) out.push({ label: "wikibio samples", hybrid: await hybrid.pairwise(passage.gpt3_text_samples) });
    out.push({ label: `wikibio ${i}`, support: await sentenceSupport(texts, hybrid), lexical: await sentenceSupport(texts, lexical) });
  }
}

const { user, system } = process.cpuUsage(cpu);
const json = JSON.stringify(out);
const digest = createHash("sha256").update(json).digest("hex");
console.log(
  `${out.length} records, ${(json.length / 2 ** 20).toFixed(1)} MB, sha256 ${digest}, ${((performance.now() - started) / 1000).toFixed(1)} s wall, scoring ${((user + system) / 1000).toFixed(0)} ms CPU`,
);
const write = option("--write");
if (write) writeFileSync(write, json);
const against = option("--against");
if (against) {
  const expected = readFileSync(against, "utf8");
  if (expected === json) console.log(`identical to ${against}`);
  else {
    let at = 0;
    while (at < json.length && json[at] === expected[at]) at++;
    console.log(`DIFFERS from ${against} at character ${at}:\n  expected …${expected.slice(Math.max(0, at - 300), at + 200)}\n  got      …${json.slice(Math.max(0, at - 300), at + 200)}`);
    const diff = goldenDiff(JSON.parse(expected), JSON.parse(json));
    console.log(
      `${diff.differ} of ${diff.numbers} numbers differ (largest relative difference ${diff.maxRelative.toExponential(2)}), ${diff.roundingFlips} at 4 places; ${diff.other} other values differ${diff.examples.length ? `:\n  ${diff.examples.join("\n  ")}` : ""}`,
    );
    const within = option("--within");
    if (within !== undefined && withinLastBits(diff, Number(within))) console.log(`within ${within} of ${against}: last-bit differences only`);
    else process.exitCode = 1;
  }
}
