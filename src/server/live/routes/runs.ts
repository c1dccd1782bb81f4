/**
 * Stored runs: GET /api/runs?kind=ask&limit=50 lists them (newest first); GET /api/runs/:id is an ask run's
 * result as AuditJson; GET /api/runs/:id/export is the same as a file download. Batch runs (phase 2) are
 * listed here too; their pages will get routes of their own.
 */
import { Hono } from "hono";
import type { AuditResult } from "../../../core/types.js";
import { toAuditJson } from "../../../report/audit-json.js";
import { askConfigOf, getResults, getRun, listRuns, runOutcome, runQuestion, type Db, type RunKind, type RunRow } from "../../../store/index.js";
import type { RunSummary } from "../../api-types.js";
import type { AppContext } from "../../context.js";
import { HttpError } from "../../http-error.js";
import { sendJson } from "../../respond.js";

const RUN_ID = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/;

export function runRoutes(ctx: AppContext): Hono {
  const { db } = ctx.deps;
  const auditOf = (id: string) => {
    if (!RUN_ID.test(id)) throw new HttpError(404, `No run ${id}.`);
    const run = getRun(db, id);
    if (!run) throw new HttpError(404, `No run ${id}.`);
    if (run.kind !== "ask") throw new HttpError(409, `Run ${id} is a ${run.kind} run: \`auditllm report ${id}\` writes its reports.`);
    const result = getResults(db, id)[0];
    if (!result) throw new HttpError(409, `Run ${id} has no result (${runOutcome(run)}).`);
    return toAuditJson(result.result as AuditResult, id);
  };
  return new Hono()
    .get("/", (c) => {
      const kind = c.req.query("kind");
      if (kind !== undefined && kind !== "ask" && kind !== "batch") throw new HttpError(400, "kind is ask or batch.");
      const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
      return sendJson(
        c,
        ctx,
        listRuns(db, { kind: kind as RunKind | undefined, limit }).map((run) => summary(db, run)),
      );
    })
    .get("/:id", (c) => sendJson(c, ctx, auditOf(c.req.param("id"))))
    .get("/:id/export", (c) => {
      const id = c.req.param("id");
      const response = sendJson(c, ctx, auditOf(id));
      response.headers.set("content-disposition", `attachment; filename="auditllm-${id}.json"`);
      return response;
    });
}

/** What a list shows of a run: never its whole config (no server addresses). */
function summary(db: Db, run: RunRow): RunSummary {
  const s = run.summary ?? {};
  const question = typeof s.question === "string" ? s.question : run.kind === "ask" ? runQuestion(db, run.id) : undefined;
  const target = s.target ?? (run.kind === "ask" ? askConfigOf(run).target : undefined);
  return {
    id: run.id,
    kind: run.kind,
    createdAt: run.createdAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    status: run.status,
    ...(question !== undefined ? { question } : {}),
    ...(typeof target === "string" ? { target } : {}),
    ...(typeof s.consistency === "number" || s.consistency === null ? { consistency: s.consistency as number | null } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
}
