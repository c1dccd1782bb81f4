/**
 * Batch runs started from the page. The server stores the run itself with the same use case as `auditllm
 * batch` (app/batch startBatch / resumeBatch: the input, metric and models are checked first, and a bad one is
 * a 400 before anything starts), then works through it in a child process given nothing but the run id
 * (run-process.ts): the long, CPU-heavy run stays off the server's event loop, and it is an ordinary stored
 * run — resumable after a cancel, a crash or kill -9, reporting its progress through the store, shown again
 * by a restarted server.
 *
 * The child gets the server's environment (keys are inherited, never put on its command line; serve's
 * --base-url goes as OPENAI_COMPATIBLE_BASE_URL) with AUDITLLM_HOME set to the folder of the server's store.
 * The server takes the run's lease (app/owner.ts) and hands it to the child, which owns the run from then on;
 * the child's output goes to run-<id>.log beside its input, never to a pipe, so it outlives the server.
 * Cancel sends SIGINT (once) to a child of this server, or asks any other live owner through the store (a
 * run started by a server before a restart, or by the command line); a run with no live owner (interrupted)
 * is simply stored as cancelled. Stopping the server cancels every run it started; a server killed outright
 * leaves its runs going (each child has its own process group), and the next server shows them from the store.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resumeBatch, startBatch, type BatchSettings } from "../../app/batch/index.js";
import { CancelledError, InputError, UsageError } from "../../app/errors.js";
import { InputFileError } from "../../batch/input/index.js";
import { cacheDir, databasePath } from "../../config/paths.js";
import { ProviderError } from "../../providers/errors.js";
import { describeOwner, isStale, leaseTiming, liveOwner } from "../../app/owner.js";
import { batchConfigOf, claimRun, finishOrphanedRun, getRun, releaseClaim, requestCancel, type RunOwner } from "../../store/index.js";
import type { AppContext } from "../context.js";
import type { BatchRunnerOptions } from "../deps.js";
import { limits } from "../../config/limits.js";
import { HttpError } from "../http-error.js";
import type { StoredUpload } from "./uploads.js";

/** What the page chooses for a run (the server adds its timeout and retries). */
export type RunSettings = Pick<BatchSettings, "probes" | "samples" | "temperature" | "maxTokens" | "diversity" | "metric" | "concurrency" | "probesFrom"> & { targets: string[]; prober: string };

export interface BatchRunner {
  /** Why batch runs cannot start here, or undefined when they can. */
  readonly unavailable?: string;
  /** Stores a run on an upload and starts its process; resolves with the run's id. */
  start(upload: StoredUpload, settings: RunSettings): Promise<string>;
  /** Continues a cancelled or failed run in a new process. */
  resume(runId: string): Promise<void>;
  /**
   * Stops a running run resumably: SIGINT to a process this server started, a cancel asked through the store
   * to any other live owner (it stops at its next heartbeat), and an interrupted run (no live owner) is stored
   * as cancelled. False when there was nothing to cancel.
   */
  cancel(runId: string): boolean;
  /** Whether a live process works the run (this server's, or any other's that holds its lease). */
  isLive(runId: string): boolean;
  /** The process id of the run's process, while this server runs it (for logs and tests). */
  pid(runId: string): number | undefined;
}

interface Child {
  process: ChildProcess;
  /** Sends SIGINT, once: a second one would make the process exit at once instead of stopping cleanly. */
  interrupt(): void;
  /** Its log file (stdout and stderr; the end of it is the message of a run it could not finish). */
  log: string;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

const DEFAULT_PROCESS = fileURLToPath(new URL("./run-process.js", import.meta.url));
const LOG_KEPT = 8 * 1024;

/** The use cases' own errors (bad settings, a bad input, a provider that refuses) are the user's to fix: 400. */
function asHttpError(error: unknown, privacy: (text: string) => string): unknown {
  if (error instanceof UsageError || error instanceof InputError || error instanceof InputFileError || error instanceof ProviderError) {
    return new HttpError(400, privacy(error.message));
  }
  if (error instanceof CancelledError) return new HttpError(409, error.message);
  return error;
}

export function createBatchRunner(ctx: AppContext, options: BatchRunnerOptions = {}): BatchRunner {
  const { db, env, calls } = ctx.deps;
  const processPath = options.processPath ?? DEFAULT_PROCESS;
  const home = resolve(dirname(db.name));
  const live = new Map<string, Child>();
  const timing = leaseTiming(env);
  const unavailable =
    databasePath({ AUDITLLM_HOME: home }) !== resolve(db.name)
      ? `Batch runs need the store at <AUDITLLM_HOME>/auditllm.db (this server's is ${db.name}).`
      : !existsSync(processPath)
        ? `The batch runner is missing at ${processPath}: run \`npm run build\`.`
        : undefined;
  const childEnv = { ...env, AUDITLLM_HOME: home, AUDITLLM_CACHE: resolve(cacheDir(env)), NO_COLOR: "1", ...(options.baseUrl ? { OPENAI_COMPATIBLE_BASE_URL: options.baseUrl } : {}) };
  const appDeps = { db, env: childEnv };

  /**
   * Runs the stored run `runId` in a process of its own, kept in `live` until it exits. The server takes the
   * run's lease first and hands it to the process (AUDITLLM_RUN_TOKEN): no gap in which the run looks
   * interrupted, and a second start of the same run is refused here. The process's stderr goes to
   * <folder>/run-<id>.log, never a pipe, so it outlives the server.
   */
  function launch(runId: string, cwd: string): void {
    const token = randomBytes(12).toString("hex");
    const claim = claimRun(db, runId, { token, pid: process.pid, host: hostname() }, (owner) => isStale(owner, timing));
    if (!claim.ok) throw new HttpError(409, `Run ${runId} is being worked by ${describeOwner(claim.owner)}.`);
    const log = join(cwd, `run-${runId}.log`);
    let fd: number;
    try {
      fd = openSync(log, "a");
    } catch (error) {
      releaseClaim(db, runId, token);
      throw error;
    }
    let process_: ChildProcess;
    try {
      // A process group of its own: a Ctrl+C in the server's terminal reaches the server only, which passes one SIGINT on.
      process_ = spawn(process.execPath, [processPath, runId], { cwd, env: { ...childEnv, AUDITLLM_RUN_TOKEN: token } as NodeJS.ProcessEnv, stdio: ["ignore", fd, fd], detached: true });
    } finally {
      closeSync(fd);
    }
    let interrupted = false;
    const child: Child = {
      process: process_,
      log,
      interrupt: () => {
        if (interrupted || child.exit) return;
        interrupted = true;
        process_.kill("SIGINT");
      },
    };
    let failedToStart = "";
    process_.on("error", (error) => (failedToStart = `could not start the batch process: ${error.message}`));
    live.set(runId, child);
    const stop = new AbortController();
    stop.signal.addEventListener("abort", child.interrupt, { once: true });
    ctx.active.add(stop);
    // A run its process leaves "running" (killed, crashed) is marked failed, still resumable; never one that another live process has taken over.
    process_.once("close", (code, signal) => {
      child.exit = { code, signal };
      live.delete(runId);
      ctx.active.delete(stop);
      if (!db.open) return; // the server has stopped (and told the process to stop): the next server reads the store
      const run = getRun(db, runId);
      if (run?.status !== "running") return;
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      const said = failedToStart || lastMessage(tail(log));
      const error = ctx.redact(`The batch process ${how}${said ? ` (${said})` : ""}; resume the run to continue it.`);
      const orphaned = (owner: RunOwner) => owner.token === token || owner.pid === process_.pid || isStale(owner, timing);
      if (finishOrphanedRun(db, runId, orphaned, "failed", { error })) ctx.deps.log?.(ctx.redact(`batch run ${runId}: the process ${how}`));
    });
  }

  /** At most AUDITLLM_MAX_BATCHES runs in processes of this server at once (429 past it). */
  const tooMany = () => {
    const max = limits().maxBatches;
    if (live.size >= max) throw new HttpError(429, `This server works at most ${max} batch runs at once (AUDITLLM_MAX_BATCHES) and ${live.size} are running: wait for one to finish, or cancel one.`);
  };

  return {
    unavailable,
    async start(upload, s) {
      if (unavailable) throw new HttpError(503, unavailable);
      tooMany();
      const privacy = (text: string) => ctx.redact(text.split(upload.path).join(upload.name).split(upload.dir).join("the upload"));
      // Every start is a new run with its own id and its own reports folder (<upload>/auditllm-<run id>).
      const settings = {
        ...s,
        target: s.targets.join(","),
        timeout: Math.max(1, Math.ceil(calls.timeoutMs / 1000)),
        retries: calls.retries,
      };
      let runId: string;
      try {
        runId = await startBatch(upload.path, settings, appDeps, { fresh: true });
      } catch (error) {
        throw asHttpError(error, privacy);
      }
      launch(runId, upload.dir);
      return runId;
    },
    async resume(runId) {
      if (live.has(runId)) throw new HttpError(409, `Run ${runId} is running already.`);
      if (unavailable) throw new HttpError(503, unavailable);
      tooMany();
      const run = getRun(db, runId);
      if (run?.kind !== "batch") throw new HttpError(404, `No batch run ${runId}.`);
      if (run.status === "done") throw new HttpError(409, `Run ${runId} is finished: there is nothing to resume.`);
      const owner = liveOwner(db, runId, env);
      if (owner) throw new HttpError(409, `Run ${runId} is being worked by ${describeOwner(owner)}: it cannot be resumed while it runs.`);
      const { input } = batchConfigOf(run);
      if (!existsSync(input)) throw new HttpError(409, `The input of run ${runId} (${basename(input)}) is no longer on this server, and resuming needs it.`);
      try {
        await resumeBatch(runId, appDeps);
      } catch (error) {
        throw asHttpError(error, (text) => ctx.redact(text.split(input).join(basename(input))));
      }
      launch(runId, dirname(input));
    },
    cancel(runId) {
      const child = live.get(runId);
      if (child) {
        child.interrupt();
        return true;
      }
      // Worked by a process this server did not start (or by one a server before a restart started): asked through the store.
      if (requestCancel(db, runId) && liveOwner(db, runId, env)) return true;
      // No live owner: the run was interrupted; cancelling it just says so.
      return finishOrphanedRun(db, runId, (owner) => isStale(owner, timing), "cancelled", { error: "cancelled" }) || getRun(db, runId)?.status === "cancelled";
    },
    isLive: (runId) => live.has(runId) || liveOwner(db, runId, env) !== undefined,
    pid: (runId) => live.get(runId)?.process.pid,
  };
}

/** The last few kilobytes of a run's log file. */
function tail(path: string): string {
  try {
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.min(size, LOG_KEPT));
      readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      return buffer.toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

/** The process's last message ("auditllm: …" lines), on one line. */
export function lastMessage(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const said = lines.filter((l) => l.startsWith("auditllm: ")).map((l) => l.slice("auditllm: ".length));
  return (said.at(-1) ?? "").slice(0, 1000);
}
