/** `auditllm score`: JSONL of answers in, JSONL of scores out (app/score), bad lines reported on stderr with their line numbers. */
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { checkInputFile } from "../app/executor.js";
import { createScorer, scoreJsonl } from "../app/score.js";
import { sanitizeForTerminal } from "../report/text.js";
import { cliDeps } from "./deps.js";
import { InputError } from "./errors.js";

export interface ScoreOptions {
  out?: string;
  metric: string;
  baseUrl?: string;
  timeout: number;
  retries: number;
  yes?: boolean;
}

const warn = (text: string) => process.stderr.write(`auditllm: ${sanitizeForTerminal(text)}\n`);

export async function score(file: string, options: ScoreOptions): Promise<void> {
  if (file !== "-") checkInputFile(file);
  const { deps } = cliDeps(options, false);
  const scorer = await createScorer(options, { ...deps, onNote: warn });
  const out = options.out ? await openOutput(options.out) : process.stdout;
  const input = file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
  let scored = 0;
  let bad = 0;
  for await (const result of scoreJsonl(createInterface({ input, crlfDelay: Infinity }), scorer)) {
    if (result.ok) scored++;
    else {
      bad++;
      warn(`${file}:${result.output.line}: ${result.problem}`);
    }
    if (!out.write(`${JSON.stringify(result.output)}\n`)) await once(out, "drain");
  }
  await scorer.close();
  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
  }
  warn(`scored ${scored} line(s) with ${scorer.metric}${bad ? `, ${bad} bad line(s) reported` : ""}${options.out ? ` → ${options.out}` : ""}`);
  if (scored === 0 && bad > 0) process.exitCode = 1;
  const tally = scorer.judgeTally();
  if (tally && !judgeTally(tally)) process.exitCode = 1;
}

/** Says how many of the judge's verdicts could not be read; false when none could (the scores are then all neutral guesses). */
function judgeTally({ judge, read, unreadable }: { judge: string; read: number; unreadable: number }): boolean {
  if (!unreadable) return true;
  const asked = read + unreadable;
  if (read === 0) {
    warn(`none of the ${asked} verdict(s) of ${judge} could be read, even when asked again: every score above is a neutral 0.5, not a judgement. Try another --judge model.`);
    return false;
  }
  warn(`${unreadable} of ${asked} verdict(s) of ${judge} could not be read, even when asked again; they count as neutral (0.5), see "warnings" in the output.`);
  return true;
}

/** Opens the output before any work, so a bad path is one clear error. */
async function openOutput(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await once(stream, "open");
  } catch (error) {
    throw new InputError(`Cannot write ${path}: ${(error as Error).message}`);
  }
  return stream;
}
