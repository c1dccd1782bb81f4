/**
 * The process a batch run from the web app runs in: given the id of a run the server has stored (and reopened),
 * it works through it with the same use case as `auditllm batch` (app/batch runBatch), off the server's event
 * loop. SIGINT or SIGTERM stop it resumably (the run is stored as cancelled); a second one exits at once.
 * It reads the store at AUDITLLM_HOME and its keys from its environment; nothing comes on its command line but
 * the run id. Its last stderr line ("auditllm: …") says why it failed, if it did.
 */
import { CancelledError } from "../../app/errors.js";
import { cancelBatch, runBatch } from "../../app/batch/index.js";
import { databasePath } from "../../config/paths.js";
import { openDatabase } from "../../store/index.js";

const runId = process.argv[2] ?? "";
const say = (line: string) => void process.stderr.write(`auditllm: ${line.replace(/[\r\n]+/g, " ")}\n`);
let stops = 0;
const stop = () => {
  if (++stops > 1) process.exit(130);
  cancelBatch(runId);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const db = openDatabase(databasePath());
try {
  await runBatch(runId, { db, env: process.env, onNote: (note) => process.stderr.write(`${note}\n`) });
} catch (error) {
  say((error as Error)?.message ?? String(error));
  process.exitCode = error instanceof CancelledError ? 130 : 1;
} finally {
  db.close();
}
