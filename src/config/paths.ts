import envPaths from "env-paths";
import { join } from "node:path";

type Env = Record<string, string | undefined>;

/** Where auditllm keeps its database: $AUDITLLM_HOME, else the user's data folder. */
export function dataDir(env: Env = process.env): string {
  return env.AUDITLLM_HOME || envPaths("auditllm", { suffix: "" }).data;
}

/** Where derived files live (GloVe binary cache, downloaded models): $AUDITLLM_CACHE, else $AUDITLLM_HOME/cache, else the user's cache folder. */
export function cacheDir(env: Env = process.env): string {
  if (env.AUDITLLM_CACHE) return env.AUDITLLM_CACHE;
  if (env.AUDITLLM_HOME) return join(env.AUDITLLM_HOME, "cache");
  return envPaths("auditllm", { suffix: "" }).cache;
}

export function databasePath(env: Env = process.env): string {
  return join(dataDir(env), "auditllm.db");
}
