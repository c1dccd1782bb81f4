/**
 * Batch runs: GET /api/batches lists them (newest first); POST /api/batches stores a run on an upload and starts it
 * (see ../runner.ts); GET /api/batches/:id is one run with its progress; GET /api/batches/:id/events
 * streams its progress (server-sent events, every second, then `end`); POST …/cancel stops it resumably (whichever
 * process works it: a cancel goes through the store to an owner this server did not start) and POST …/resume
 * continues a stopped or interrupted run. Results, downloads and the report page: batch-results.ts.
 */
import { Hono } from "hono";
import { getRun, listRuns } from "../../../store/index.js";
import type { BatchEvents, BatchStarted } from "../api-types.js";
import { batchContext } from "../context.js";
import { batchDetail, batchRunOf, batchSummary } from "../info.js";
import { batchRequestSchema } from "../request-schema.js";
import type { AppContext } from "../../context.js";
import { HttpError } from "../../http-error.js";
import { readJson, sendJson } from "../../respond.js";
import { eventStream } from "../../sse.js";

const TICK_MS = 1000;

export function batchRoutes(ctx: AppContext): Hono {
  const { db } = ctx.deps;
  const batch = batchContext(ctx);
  const { runner, meter } = batch;
  const detail = (id: string) => {
    const run = batchRunOf(db, id);
    const live = runner.isLive(id);
    return batchDetail(db, run, live, meter.progress(db, run, live), !runner.unavailable);
  };
  return new Hono()
    .get("/", (c) => {
      const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 100) || 100, 1), 500);
      return sendJson(
        c,
        ctx,
        listRuns(db, { kind: "batch", limit }).map((run) => batchSummary(db, run, runner.isLive(run.id))),
      );
    })
    .post("/", async (c) => {
      const body = await readJson(c, batchRequestSchema);
      if (runner.unavailable) throw new HttpError(503, runner.unavailable);
      const upload = await batch.uploads.get(body.uploadId);
      if (!upload) throw new HttpError(404, "That upload is not on the server any more (uploads no run used are kept for a day): upload the file again.");
      const prober = body.prober ?? body.targets[0]!;
      // A bad model id or a missing key is a plain 400 now, before any process starts.
      for (const id of new Set([...body.targets, prober])) ctx.model(id);
      const runId = await runner.start(upload, { ...body, prober, metric: body.metric ?? ctx.deps.metricName });
      await batch.uploads.used(upload.uploadId, runId);
      return sendJson(c, ctx, { runId } satisfies BatchStarted, 201);
    })
    .get("/:id", (c) => sendJson(c, ctx, detail(c.req.param("id"))))
    .get("/:id/events", (c) => {
      const id = c.req.param("id");
      batchRunOf(db, id);
      return eventStream<BatchEvents>(c, ctx, async (emit, signal) => {
        while (!signal.aborted) {
          const run = getRun(db, id);
          if (!run) return;
          const progress = meter.progress(db, run, runner.isLive(id));
          if (run.status !== "running") return emit("end", progress);
          emit("progress", progress);
          await sleep(TICK_MS, signal);
        }
      });
    })
    .post("/:id/cancel", (c) => {
      const id = c.req.param("id");
      const run = batchRunOf(db, id);
      if (run.status !== "running") throw new HttpError(409, `Run ${id} is not running (${run.status}).`);
      if (!runner.cancel(id)) throw new HttpError(409, `Run ${id} is not running any more.`);
      return sendJson(c, ctx, detail(id), 202);
    })
    .post("/:id/resume", async (c) => {
      const id = c.req.param("id");
      batchRunOf(db, id);
      await runner.resume(id);
      return sendJson(c, ctx, detail(id), 202);
    });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
