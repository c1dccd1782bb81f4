/** Asks before downloading a model; never asks when nobody can answer. */
import { createInterface } from "node:readline/promises";
import { UsageError } from "./errors.js";

export async function confirmDownload(what: string, options: { yes?: boolean; stdin?: NodeJS.ReadStream; stderr?: NodeJS.WriteStream }): Promise<void> {
  if (options.yes) return;
  const stdin = options.stdin ?? process.stdin;
  const stderr = options.stderr ?? process.stderr;
  if (!stdin.isTTY || !stderr.isTTY) {
    throw new UsageError(`${what} is not downloaded yet. Rerun with --yes to download it, or choose a model with --target (e.g. ollama:llama3.2).`);
  }
  const rl = createInterface({ input: stdin, output: stderr });
  try {
    const answer = await rl.question(`${what} is not downloaded yet. Download it now? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError("Download declined. Choose a model with --target, or rerun with --yes.");
  } finally {
    rl.close();
  }
}
