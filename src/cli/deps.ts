/** The use cases' dependencies as the CLI gives them: the user's store, the environment, stderr for notes and progress, consent on a terminal. */
import type { AppDeps } from "../app/deps.js";
import { databasePath } from "../config/paths.js";
import { openDatabase } from "../store/index.js";
import { confirmDownload } from "./consent.js";
import { downloadProgress } from "./progress-bar.js";
import { createStatus, type Status } from "./status.js";

export function cliDeps(options: { yes?: boolean }, withStore = true): { deps: AppDeps; status: Status; close(): void } {
  const status = createStatus();
  const env = process.env;
  const db = withStore ? openDatabase(databasePath(env)) : undefined;
  const deps: AppDeps = {
    db,
    env,
    onNote: status.info,
    onProgress: status.progress,
    download: {
      allowDownload: options.yes,
      confirmDownload: (what) => confirmDownload(what, { yes: options.yes }),
      downloadProgress: (label) => downloadProgress(label),
      onProgress: status.progress,
    },
  };
  return { deps, status, close: () => db?.close() };
}
