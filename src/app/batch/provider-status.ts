/** A run waiting on providers' batch services, in one line: each open batch's status and counts, and since when. */
import { openSubmissions, type Db } from "../../store/index.js";

export function providerStatus(db: Db, runId: string, now = Date.now()): string | undefined {
  const open = openSubmissions(db, runId);
  if (!open.length) return undefined;
  const since = Math.min(...open.map((s) => Date.parse(s.createdAt)));
  const batches = open.map((s) => {
    const c = s.counts;
    const counts = c ? ` ${c.done}/${c.total || s.requests} done${c.failed ? `, ${c.failed} failed` : ""}` : ` ${s.requests} requests`;
    return `${s.provider} ${s.batchId ?? "(not sent yet)"} ${s.status}${counts}`;
  });
  const minutes = Math.max(0, Math.round((now - since) / 60_000));
  return `waiting on the provider (stage ${Math.max(...open.map((s) => s.stage))}, ${open[0]!.roles}): ${batches.join("; ")}; for ${minutes} min`;
}
