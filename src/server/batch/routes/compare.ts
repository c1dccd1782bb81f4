/**
 * GET /api/compare?a=<run>&b=<run>&targetA=&targetB=&margin=&failIfWorse=&maxWorseShare=&offset=&limit=: two
 * batch runs question by question (app/compare.ts, as `auditllm compare`): the summary with its 95% interval,
 * warnings, the gate's verdict when one is set, and a page of the matched questions, largest drop (b − a) first.
 * Targets default to a's first and b's same one.
 */
import { Hono } from "hono";
import { compareRuns } from "../../../app/compare.js";
import { runTargets } from "../../../store/index.js";
import type { ComparisonJson } from "../api-types.js";
import { batchRunOf } from "../info.js";
import { compareQuerySchema, readQuery } from "../schemas.js";
import type { AppContext } from "../../context.js";
import { HttpError } from "../../http-error.js";
import { sendJson } from "../../respond.js";

export function compareRoutes(ctx: AppContext): Hono {
  const { db } = ctx.deps;
  return new Hono().get("/", (c) => {
    const query = readQuery(c.req.query(), compareQuerySchema);
    const runs = { a: batchRunOf(db, query.a), b: batchRunOf(db, query.b) };
    for (const [side, target] of [
      ["a", query.targetA],
      ["b", query.targetB],
    ] as const) {
      const targets = runTargets(db, runs[side].id);
      if (target !== undefined && !targets.includes(target)) {
        throw new HttpError(400, `Run ${runs[side].id} has no results for ${target}${targets.length ? `; its targets: ${targets.join(", ")}` : " (it has no results yet)"}.`);
      }
    }
    const { rows, ...comparison } = compareRuns(db, runs.a.id, runs.b.id, {
      targetA: query.targetA,
      targetB: query.targetB,
      margin: query.margin,
      failIfWorse: query.failIfWorse,
      maxWorseShare: query.maxWorseShare,
    });
    const body: ComparisonJson = { ...comparison, offset: query.offset, limit: query.limit, rows: rows.slice(query.offset, query.offset + query.limit) };
    return sendJson(c, ctx, body);
  });
}
