/**
 * POST /api/probes: the prober writes probes for a question, checked as `ask` checks them. The answer's
 * draftId lets the audit that uses them journal the prober's call in its run. Aborted with the request.
 */
import { Hono } from "hono";
import { probeStep } from "../../../core/audit.js";
import type { AuditConfig } from "../../../core/types.js";
import type { ProbesResponse } from "../../api-types.js";
import { webExecutor } from "../calls.js";
import type { AppContext } from "../../context.js";
import { probeJson } from "../audit.js";
import { recordingJournal } from "../recording-journal.js";
import { readJson, sendJson } from "../../respond.js";
import { probesRequestSchema } from "../schemas.js";

export function probeRoutes(ctx: AppContext): Hono {
  return new Hono().post("/", async (c) => {
    const body = await readJson(c, probesRequestSchema);
    ctx.model(body.prober);
    const config: AuditConfig = {
      target: body.prober,
      prober: body.prober,
      probeCount: body.count,
      samples: 1,
      temperature: 0,
      proberTemperature: 0,
      maxTokens: 512,
      diversity: body.diversity,
    };
    const journal = recordingJournal();
    const { executor, metrics } = webExecutor(ctx, journal, c.req.raw.signal);
    const set = await probeStep(body.question, { config }, { complete: executor.complete, ...metrics });
    const draftId = ctx.drafts.put({
      question: body.question,
      prober: body.prober,
      diversity: body.diversity,
      generated: set.probes.map((p) => p.text),
      dropped: set.dropped,
      calls: journal.calls(),
    });
    const response: ProbesResponse = { draftId, probes: set.probes.map(probeJson), droppedProbes: set.dropped, warnings: set.warnings };
    return sendJson(c, ctx, response);
  });
}
