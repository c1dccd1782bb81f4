/**
 * Reusing another run's probes (batch --probes-from): each question of this run that the other run shares —
 * the same `id` when both rows have one, else the same (trimmed) text — gets that run's accepted probes, kept in
 * its stored input as `reusedProbes`, so the prober is asked only for the new questions. Done once, in SQL
 * (temporary indexes, so 100k × 100k questions pair in seconds), and idempotent: a resumed run may do it again.
 */
import type { Db } from "./db.js";

/** Fills `reusedProbes` of this run's unfinished questions from run `from`; returns how many questions have them. */
export function reuseProbes(db: Db, runId: string, from: string): number {
  return db.transaction(() => {
    db.exec("DROP TABLE IF EXISTS temp.reuse_source");
    db.prepare(
      `CREATE TEMP TABLE reuse_source AS
       SELECT idx, trim(question) AS question, json_extract(input, '$.id') AS id, probes FROM items
       WHERE run_id = ? AND probes IS NOT NULL AND json_valid(probes) AND json_array_length(probes) > 0`,
    ).run(from);
    db.exec("CREATE INDEX temp.reuse_source_question ON reuse_source(question, idx); CREATE INDEX temp.reuse_source_id ON reuse_source(id, idx)");
    // First the questions whose id is in the other run, then the rest by text (where either row has no id).
    const byId = "s.id IS NOT NULL AND s.id = json_extract(items.input, '$.id')";
    const byText = "s.question = trim(items.question) AND (s.id IS NULL OR json_extract(items.input, '$.id') IS NULL)";
    for (const match of [byId, byText]) {
      db.prepare(
        `UPDATE items SET input = json_set(coalesce(input, '{}'), '$.reusedProbes', json((SELECT s.probes FROM reuse_source s WHERE ${match} ORDER BY s.idx LIMIT 1)))
         WHERE run_id = ? AND status != 'done' AND EXISTS (SELECT 1 FROM reuse_source s WHERE ${match})
           AND json_extract(input, '$.probes') IS NULL AND json_extract(input, '$.responses') IS NULL AND json_extract(input, '$.reusedProbes') IS NULL`,
      ).run(runId);
    }
    db.exec("DROP TABLE temp.reuse_source");
    const { n } = db.prepare("SELECT count(*) AS n FROM items WHERE run_id = ? AND json_extract(input, '$.reusedProbes') IS NOT NULL").get(runId) as { n: number };
    return n;
  })();
}
