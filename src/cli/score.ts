/** `auditllm score`: JSONL of answers in, JSONL of scores out, one line for each line, bad lines reported and skipped. */
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { ProviderError } from "../providers/errors.js";
import { parseScoreLine } from "../score/input.js";
import { scoreLine } from "../score/score-line.js";
import { InputError } from "./errors.js";
import { loadMetric } from "./metric.js";

export interface ScoreOptions {
  out?: string;
  metric: string;
  baseUrl?: string;
}

export async function score(file: string, options: ScoreOptions): Promise<void> {
  if (file !== "-" && !existsSync(file)) throw new InputError(`No such file: ${file}`);
  const metric = loadMetric(options.metric, { env: process.env, baseUrl: options.baseUrl, onNote: (note) => process.stderr.write(`auditllm: ${note}\n`) });
  const input = file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const write = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, "drain");
  };
  let line = 0;
  let scored = 0;
  let bad = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    const parsed = text.trim() ? parseScoreLine(text.replace(/^\uFEFF/, "")) : { ok: false as const, id: null, error: "empty line" };
    if (!parsed.ok) {
      bad++;
      process.stderr.write(`auditllm: ${file}:${line}: ${parsed.error}; skipped\n`);
      await write({ id: parsed.id, line, error: `line ${line}: ${parsed.error}` });
      continue;
    }
    try {
      await write(await scoreLine(parsed.value, line, metric));
      scored++;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      bad++;
      process.stderr.write(`auditllm: ${file}:${line}: ${error.message}\n`);
      await write({ id: parsed.value.id, line, error: `line ${line}: ${error.message}` });
    }
  }
  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
  }
  process.stderr.write(`auditllm: scored ${scored} line(s) with ${metric.name}${bad ? `, ${bad} bad line(s) reported` : ""}${options.out ? ` → ${options.out}` : ""}\n`);
  if (scored === 0 && bad > 0) process.exitCode = 1;
}
