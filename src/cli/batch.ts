/**
 * `auditllm batch`: flags in, the batch use cases (app/batch) — start or resume the stored run, work through
 * it — and a summary out. Ctrl+C or kill -9 at any moment, then `--resume <run-id>` (or the same command
 * again) continues it without repeating a finished call, and ends with the same results.
 */
import { join } from "node:path";
import { resumeBatch, runBatch, startBatch, type BatchOutcome, type BatchSettings } from "../app/batch/index.js";
import { writeJunitFile } from "../app/reports.js";
import { targetLine } from "../report/target-line.js";
import { startProgress } from "./batch-progress.js";
import { cliDeps } from "./deps.js";
import { AllFailedError } from "../app/errors.js";
import { UsageError } from "./errors.js";
import { onInterrupt } from "./signals.js";
import { withStatus, type Status } from "./status.js";
import type { AppDeps } from "../app/deps.js";

export interface BatchOptions extends BatchSettings {
  failUnder?: number;
  json?: boolean;
  yes?: boolean;
  resume?: string;
  new?: boolean;
  /** Also write JUnit XML here. */
  junit?: string;
  /** Wait while another process works the run, instead of refusing. */
  waitForOwner?: boolean;
  /** Which of concurrency, timeout and retries were given on the command line (the rest are defaults). */
  given?: string[];
}

export async function batch(file: string | undefined, options: BatchOptions): Promise<void> {
  const { deps, status, close } = cliDeps(options);
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    status.info("Stopping… (the run can be resumed)");
    controller.abort();
  });
  try {
    await withStatus(status, () => work(file, options, deps, status, controller.signal));
  } finally {
    stopListening();
    close();
  }
}

async function work(file: string | undefined, options: BatchOptions, deps: AppDeps, status: Status, signal: AbortSignal): Promise<void> {
  let runId: string;
  if (options.resume) {
    await resumeBatch(options.resume, deps, { file });
    runId = options.resume;
  } else {
    if (!file) throw new UsageError("Give an input file, or --resume <run-id>.");
    runId = await startBatch(file, options, deps, { fresh: options.new });
  }
  // A resumed run keeps its own concurrency, timeout and retries unless they are given again.
  const again = (name: "concurrency" | "timeout" | "retries") => (options.given?.includes(name) ? options[name] : undefined);
  // JUnit XML is written whatever the run's end, an all-failed run too (its test cases are then errors).
  const junit = async () => (options.junit && deps.db ? [await writeJunitFile(deps.db, runId, options.junit)] : []);
  const outcome = await runBatch(runId, deps, {
    concurrency: again("concurrency"),
    timeout: again("timeout"),
    retries: again("retries"),
    out: options.out,
    signal,
    waitForOwner: options.waitForOwner,
    progress: (snapshot) => {
      status.done();
      return startProgress(snapshot);
    },
  }).catch(async (error: unknown) => {
    if (error instanceof AllFailedError) await junit();
    throw error;
  });
  outcome.files.push(...(await junit()));
  report(outcome, options);
}

function report({ runId, complete, out, files, targets, probesFrom }: BatchOutcome, options: BatchOptions): void {
  const failing = options.failUnder === undefined ? [] : targets.filter((s) => s.meanConsistency === null || s.meanConsistency < options.failUnder!);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runId, out, files, targets, probesFrom: probesFrom ?? null, failUnder: options.failUnder ?? null, failing: failing.map((s) => s.target) }, null, 2)}\n`);
  } else {
    const headline = complete ? `Run ${runId} is complete.` : `Run ${runId} done.`;
    const name = (f: string) => (f.startsWith(`${out}/`) ? join(".", f.slice(out.length)) : f);
    process.stdout.write(`${headline} Reports in ${out}: ${files.map(name).join(", ")}\n`);
    if (probesFrom) process.stdout.write(`Probes of run ${probesFrom.runId} reused for ${probesFrom.reused} question(s).\n`);
    for (const s of targets) process.stdout.write(`  ${targetLine(s)}\n`);
  }
  if (failing.length) {
    process.stderr.write(`auditllm: mean consistency under ${options.failUnder} for ${failing.map((s) => s.target).join(", ")}\n`);
    process.exitCode = 1;
  }
}
