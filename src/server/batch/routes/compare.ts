/**
 * GET /api/compare?a=<run>&b=<run>&targetA=&targetB=&offset=&limit=: two batch runs question by question
 * (same questions, other targets or dates; matched by text, store/browse.ts compareRuns): the summary, and a
 * page of the matched questions, largest drop (b − a) first. Targets default to a's first and b's same one.
 */
import { basename } from "node:path";
import { Hono } from "hono";
import { batchConfigOf, COMPARE_MARGIN, compareRuns, runTargets } from "../../../store/index.js";
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
    const comparison = compareRuns(db, runs.a.id, runs.b.id, { a: query.targetA, b: query.targetB });
    const input = (side: "a" | "b") => basename(batchConfigOf(runs[side]).input);
    const body: ComparisonJson = {
      a: { ...comparison.a, input: input("a") },
      b: { ...comparison.b, input: input("b") },
      matched: comparison.matched,
      onlyA: comparison.onlyA,
      onlyB: comparison.onlyB,
      meanDifference: comparison.meanDifference,
      better: comparison.better,
      worse: comparison.worse,
      margin: COMPARE_MARGIN,
      offset: query.offset,
      limit: query.limit,
      rows: comparison.rows.slice(query.offset, query.offset + query.limit),
    };
    return sendJson(c, ctx, body);
  });
}
