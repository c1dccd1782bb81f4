/** A stored run's tokens and cost (any run: ask, live audit or batch), with the prices it brought. */
import { priceTableSchema } from "../batch/prices.js";
import type { RunCost } from "../batch/types.js";
import { runCost } from "../batch/usage.js";
import { getRun, type Db } from "../store/index.js";

export type { RunCost, UsageLine } from "../batch/types.js";

export function costOfRun(db: Db, runId: string): RunCost {
  const prices = priceTableSchema.safeParse(getRun(db, runId)?.config.prices).data;
  return runCost(db, runId, prices);
}
