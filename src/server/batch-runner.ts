/**
 * Batch runs started from the page run as the real `auditllm batch` in a child process: the long, CPU-heavy
 * run stays off the server's event loop, and it is an ordinary stored run — resumable after a cancel, a crash
 * or kill -9, reporting its progress through the store, shown again by a restarted server.
 *
 * The child gets the server's environment (keys are inherited, never put on its command line; serve's
 * --base-url goes as OPENAI_COMPATIBLE_BASE_URL) with AUDITLLM_HOME set to the folder of the server's store,
 * and options as `--name=value` so no value can be read as another option. Cancel sends SIGINT (once): the CLI
 * stops the calls, marks the run cancelled and exits; the run can then be resumed (`batch --resume`). Stopping
 * the server does the same to every run it started; a server killed outright leaves its runs going (each child
 * has its own process group), and the next server shows their progress from the store.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, databasePath } from "../config/paths.js";
import { finishRun, getRun, listRuns, type Db, type RunRow } from "../store/index.js";
import type { AppContext } from "./context.js";
import type { BatchRunnerOptions } from "./deps.js";
import { HttpError } from "./http-error.js";
import type { StoredUpload } from "./uploads.js";

export interface BatchSettings {
  targets: string[];
  prober: string;
  probes: number;
  samples: number;
  temperature: number;
  maxTokens: number;
  diversity: string;
  metric: string;
  concurrency: number;
}

export interface BatchRunner {
  /** Why batch runs cannot start here, or undefined when they can. */
  readonly unavailable?: string;
  /** Starts `auditllm batch` on an upload; resolves with the run's id once the run is stored. */
  start(upload: StoredUpload, settings: BatchSettings): Promise<string>;
  /** Continues a cancelled or failed run (`auditllm batch --resume`). */
  resume(runId: string): Promise<void>;
  /** Sends SIGINT to the run's process; false when this server is not running it. */
  cancel(runId: string): boolean;
  isLive(runId: string): boolean;
  /** The process id of the run's `auditllm batch`, while this server runs it (for logs and tests). */
  pid(runId: string): number | undefined;
}

interface Child {
  process: ChildProcess;
  /** Sends SIGINT, once: a second one would make the CLI exit at once instead of stopping cleanly. */
  interrupt(): void;
  /** The end of its stderr (for a message when it fails before its run exists). */
  stderr: string;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

const DEFAULT_CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const STDERR_KEPT = 8 * 1024;

export function createBatchRunner(ctx: AppContext, options: BatchRunnerOptions = {}): BatchRunner {
  const { db, env, calls } = ctx.deps;
  const cliPath = options.cliPath ?? DEFAULT_CLI;
  const home = resolve(dirname(db.name));
  const live = new Map<string, Child>();
  const unavailable =
    databasePath({ AUDITLLM_HOME: home }) !== resolve(db.name)
      ? `Batch runs need the store at <AUDITLLM_HOME>/auditllm.db (this server's is ${db.name}).`
      : !existsSync(cliPath)
        ? `The auditllm command is missing at ${cliPath}: run \`npm run build\`.`
        : undefined;
  const childEnv = { ...env, AUDITLLM_HOME: home, AUDITLLM_CACHE: resolve(cacheDir(env)), NO_COLOR: "1", ...(options.baseUrl ? { OPENAI_COMPATIBLE_BASE_URL: options.baseUrl } : {}) };
  const timeoutMs = options.startTimeoutMs ?? 30_000;

  function spawnCli(args: string[], cwd: string): Child {
    if (unavailable) throw new HttpError(503, unavailable);
    // A process group of its own: a Ctrl+C in the server's terminal reaches the server only, which passes one SIGINT on.
    const process_ = spawn(process.execPath, [cliPath, ...args], { cwd, env: childEnv as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "pipe"], detached: true });
    let interrupted = false;
    const interrupt = () => {
      if (interrupted || child.exit) return;
      interrupted = true;
      process_.kill("SIGINT");
    };
    const child: Child = { process: process_, stderr: "", interrupt };
    process_.stderr!.setEncoding("utf8").on("data", (text: string) => (child.stderr = (child.stderr + text).slice(-STDERR_KEPT)));
    process_.on("error", (error) => (child.stderr += `\nauditllm: could not start the batch process: ${error.message}`));
    // "close", not "exit": by then its stderr has been read to the end.
    process_.on("close", (code, signal) => (child.exit = { code, signal }));
    return child;
  }

  /** Keeps a child in `live` until it exits; a run it leaves "running" (killed, crashed) is marked failed, still resumable. */
  function track(runId: string, child: Child): void {
    live.set(runId, child);
    const stop = new AbortController();
    stop.signal.addEventListener("abort", child.interrupt, { once: true });
    ctx.active.add(stop);
    const ended = () => {
      live.delete(runId);
      ctx.active.delete(stop);
      if (!db.open) return; // the server has stopped (and told the process to stop): the next server reads the store
      const run = getRun(db, runId);
      if (run?.status !== "running") return;
      const how = child.exit?.signal ? `was stopped by ${child.exit.signal}` : `exited with code ${child.exit?.code}`;
      const said = lastMessage(child.stderr);
      finishRun(db, runId, "failed", { summary: run.summary, error: `The batch process ${how}${said ? ` (${said})` : ""}; resume the run to continue it.` });
      ctx.deps.log?.(ctx.redact(`batch run ${runId}: the process ${how}`));
    };
    if (child.exit) ended();
    else child.process.once("close", ended);
  }

  /** Waits until `ready()` gives a value, failing with the child's own message if it exits first. */
  async function whenReady<T>(child: Child, ready: () => T | undefined, privacy: (text: string) => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (child.exit) {
        const said = privacy(lastMessage(child.stderr) || `the batch process exited with code ${child.exit.code}`);
        throw new HttpError(child.exit.code === 1 || child.exit.code === 2 ? 400 : 500, ctx.redact(said));
      }
      if (Date.now() > deadline) {
        child.interrupt();
        throw new HttpError(503, `The batch process did not start within ${Math.round(timeoutMs / 1000)} s; the server log may say why.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    unavailable,
    async start(upload, s) {
      const args = [
        "batch",
        upload.path,
        `--target=${s.targets.join(",")}`,
        `--prober=${s.prober}`,
        `--probes=${s.probes}`,
        `--samples=${s.samples}`,
        `--temperature=${s.temperature}`,
        `--max-tokens=${s.maxTokens}`,
        `--diversity=${s.diversity}`,
        `--metric=${s.metric}`,
        `--concurrency=${s.concurrency}`,
        `--timeout=${Math.max(1, Math.ceil(calls.timeoutMs / 1000))}`,
        `--retries=${calls.retries}`,
        `--out=${join(upload.dir, "reports")}`,
        "--json",
        "--new",
      ];
      const earlier = new Set(runsReading(db, upload.path).map((r) => r.id));
      const child = spawnCli(args, upload.dir);
      const privacy = (text: string) => text.split(upload.path).join(upload.name).split(upload.dir).join("the upload");
      const run = await whenReady(child, () => runsReading(db, upload.path).find((r) => !earlier.has(r.id)), privacy);
      track(run.id, child);
      return run.id;
    },
    async resume(runId) {
      if (live.has(runId)) throw new HttpError(409, `Run ${runId} is running already.`);
      const run = getRun(db, runId);
      if (!run || run.kind !== "batch") throw new HttpError(404, `No batch run ${runId}.`);
      if (run.status === "done") throw new HttpError(409, `Run ${runId} is finished: there is nothing to resume.`);
      if (run.status === "running") throw new HttpError(409, `Run ${runId} is marked running, but not by this server: if its process was stopped, resume it with \`auditllm batch --resume ${runId}\`.`);
      const input = String((run.config as { input?: unknown }).input ?? "");
      if (!existsSync(input)) throw new HttpError(409, `The input of run ${runId} (${basename(input)}) is no longer on this server, and resuming needs it.`);
      const child = spawnCli(["batch", `--resume=${runId}`, "--json"], dirname(input));
      const privacy = (text: string) => text.split(input).join(basename(input));
      await whenReady(child, () => (getRun(db, runId)?.status === "running" ? true : undefined), privacy);
      track(runId, child);
    },
    cancel(runId) {
      const child = live.get(runId);
      if (!child) return false;
      child.interrupt();
      return true;
    },
    isLive: (runId) => live.has(runId),
    pid: (runId) => live.get(runId)?.process.pid,
  };
}

/** Recent batch runs that read `input` (an upload's own path), newest first. */
function runsReading(db: Db, input: string): RunRow[] {
  return listRuns(db, { kind: "batch", limit: 50 }).filter((r) => (r.config as { input?: unknown }).input === input);
}

/** The CLI's last message ("auditllm: …" lines, else commander's "error: …"), on one line. */
export function lastMessage(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const said = lines.filter((l) => l.startsWith("auditllm: ")).map((l) => l.slice("auditllm: ".length));
  const usage = lines.filter((l) => l.startsWith("error: ")).map((l) => l.slice("error: ".length));
  return (said.at(-1) ?? usage.at(-1) ?? "").slice(0, 1000);
}
