/**
 * The process a batch run from the web app runs in: given the id of a run the server has stored (and reopened),
 * it works through it with the same use case as `auditllm batch` (app/batch runBatch), off the server's event
 * loop. It adopts the run's lease the server took for it (AUDITLLM_RUN_TOKEN), so it is the run's one owner;
 * a cancel asked through the store, SIGINT or SIGTERM stop it resumably (stored as cancelled); a second
 * signal exits at once. Its stderr is a log file in the run's folder, not a pipe to the server: the server
 * may die, the run goes on (and a write that fails anyway is dropped, never fatal).
 * It reads the store at AUDITLLM_HOME and its keys from its environment; nothing comes on its command line but
 * the run id. Its last stderr line ("auditllm: …") says why it failed, if it did.
 */
import { CancelledError } from "../../app/errors.js";
import { cancelBatch, runBatch } from "../../app/batch/index.js";
import { databasePath } from "../../config/paths.js";
import { openDatabase } from "../../store/index.js";

const runId = process.argv[2] ?? "";
const ownerToken = process.env.AUDITLLM_RUN_TOKEN || undefined;
delete process.env.AUDITLLM_RUN_TOKEN;
// Output that cannot be written (the log's disk is full, a pipe with no reader) is dropped: the run matters more.
process.stderr.on("error", () => {});
process.stdout.on("error", () => {});
const write = (text: string) => {
  try {
    process.stderr.write(text);
  } catch {
    // dropped, as above
  }
};
const say = (line: string) => write(`auditllm: ${line.replace(/[\r\n]+/g, " ")}\n`);
let stops = 0;
const stop = () => {
  if (++stops > 1) process.exit(130);
  cancelBatch(runId);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", () => {}); // the server's terminal closing is not a reason to stop

/** The run (a function, not top-level await: the command's bundle is CommonJS, scripts/bundle-cli.mjs). */
async function run(): Promise<void> {
  const db = openDatabase(databasePath());
  try {
    write(`${new Date().toISOString()} run ${runId}: process ${process.pid} starts\n`);
    await runBatch(runId, { db, env: process.env, onNote: (note) => write(`${note}\n`) }, { ownerToken });
    write(`${new Date().toISOString()} run ${runId}: done\n`);
  } catch (error) {
    say((error as Error)?.message ?? String(error));
    process.exitCode = error instanceof CancelledError ? 130 : 1;
  } finally {
    db.close();
  }
}

void run();
