/**
 * A live audit from the web page: the audit use case of `ask` (app/audit) with the user's probes, each answer
 * streamed as it is written, the result scored and stored as `ask` stores it (a run of kind "ask", its calls
 * journaled — the prober's too, when the probes came from POST /api/probes). Cancelled when `signal` fires.
 */
import { auditQuestion } from "../../app/audit.js";
import { judgeOf, parseMetricSpec } from "../../app/metric-spec.js";
import { round4 } from "../../core/scores.js";
import type { Answer, AuditConfig, AuditResult, Probe } from "../../core/types.js";
import { toAuditJson } from "../../report/audit-json.js";
import { finishRun } from "../../store/index.js";
import type { AuditEvents, ProbeJson, StreamedAnswer } from "../api-types.js";
import type { AppContext } from "../context.js";
import type { Draft } from "./drafts.js";
import { statusAndMessage } from "../errors.js";
import { HttpError } from "../http-error.js";
import { replayCalls } from "./recording-journal.js";
import type { AuditInputBody } from "./schemas.js";
import type { Emit } from "../sse.js";

export interface PreparedAudit {
  question: string;
  probes: string[];
  config: AuditConfig;
  draft?: Draft;
}

/** Checks a request before the stream starts, so a bad model id, a missing key or too few prompts is a plain 400. */
export function prepareLiveAudit(ctx: AppContext, body: AuditInputBody): PreparedAudit {
  const probes = body.probes.map((p) => p.trim()).filter(Boolean);
  if (probes.length === 0 && body.samples < 2) {
    throw new HttpError(400, "Add at least one probe (or ask for 2 or more samples per prompt): consistency needs two answers or more.");
  }
  const prober = body.prober ?? body.target;
  ctx.model(body.target);
  ctx.model(prober);
  const found = body.draftId ? ctx.drafts.get(body.draftId) : undefined;
  const draft = found && found.question === body.question && found.prober === prober ? found : undefined;
  const config: AuditConfig = {
    target: body.target,
    prober,
    probeCount: probes.length,
    samples: body.samples,
    temperature: body.temperature,
    proberTemperature: 0,
    maxTokens: body.maxTokens,
    diversity: draft?.diversity ?? "medium",
  };
  return { question: body.question, probes, config, draft };
}

/** Runs the audit use case (app/audit) on the server's models and metrics, streaming it as events. */
export async function runLiveAudit(ctx: AppContext, audit: PreparedAudit, emit: Emit<AuditEvents>, signal: AbortSignal): Promise<void> {
  const { db, calls } = ctx.deps;
  const { config, draft } = audit;
  const judge = judgeOf(parseMetricSpec(ctx.deps.metricName));
  let runId: string | undefined;
  try {
    const { result } = await auditQuestion(
      audit.question,
      {
        target: config.target,
        prober: config.prober,
        models: [...new Set([config.target, config.prober, ...(judge ? [judge] : [])])].map((id) => ctx.model(id)),
        probes: audit.probes,
        samples: config.samples,
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        diversity: config.diversity,
        metric: ctx.deps.metricName,
        concurrency: calls.concurrency,
        timeout: calls.timeoutMs / 1000,
        retries: calls.retries,
        signal,
        events: {
          onProbes: (probes) => emit("probes", { probes: probes.map(probeJson), samples: config.samples }),
          onAnswerDelta: (index, text) => emit("delta", { index, text }),
          onAnswer: (index, answer) => emit("answer", { index, answer: answerJson(answer) }),
        },
        runInfo: { ...ctx.deps.runInfo, via: "web" },
        onRun: (id) => emit("run", { runId: (runId = id) }),
        priorCalls: draft ? (journal) => replayCalls(draft.calls, journal) : undefined,
        metrics: ctx.deps.loadMetrics,
        finish: draft ? (result) => credit(result, draft, audit.probes) : undefined,
      },
      { db, env: ctx.deps.env },
    );
    emit("result", toAuditJson(result, runId));
  } catch (error) {
    const cancelled = signal.aborted;
    const { message, unexpected } = statusAndMessage(error);
    if (unexpected && !cancelled) ctx.deps.log?.(ctx.redact(`audit ${runId} failed: ${(error as Error)?.message ?? String(error)}`));
    // The page's words for what went wrong, stored as the run's error (never an unexpected error's own text).
    if (runId && !cancelled) finishRun(db, runId, "failed", { summary: { question: audit.question, target: config.target, consistency: null }, error: message });
    emit("failed", { message: cancelled ? "Cancelled: the run is stored as cancelled, with the calls that finished." : message, ...(runId ? { runId } : {}), cancelled });
  }
}

/** Probes the prober wrote and the user kept as written count as generated; the ones the user left out are said so. */
function credit(result: AuditResult, draft: Draft, submitted: string[]): void {
  const generated = new Set(draft.generated);
  result.probes = result.probes.map((p): Probe => (generated.has(p.text) ? { ...p, source: "generated" } : p));
  const kept = new Set(submitted);
  const leftOut = draft.generated.filter((text) => !kept.has(text)).map((text) => ({ text, reason: "left out by the user" }));
  result.droppedProbes = [...draft.dropped, ...leftOut, ...result.droppedProbes];
}

export const probeJson = (p: Probe): ProbeJson => ({ text: p.text, source: p.source, relevance: round4(p.relevance) });

function answerJson(a: Answer): StreamedAnswer {
  return {
    prompt: a.prompt,
    promptIndex: a.promptIndex,
    sample: a.sampleIndex,
    text: a.text ?? null,
    ...(a.finishReason ? { finishReason: a.finishReason } : {}),
    ...(a.error ? { error: a.error } : {}),
  };
}
