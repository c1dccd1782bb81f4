/** `auditllm ask`: flags in, the audit use case (app/audit), the report out. */
import { auditQuestion } from "../app/audit.js";
import type { AuditConfig } from "../core/types.js";
import { costOfRun } from "../app/cost.js";
import { toAuditJson } from "../report/audit-json.js";
import { costHeadline } from "../report/cost.js";
import { renderTerminalReport } from "../report/terminal.js";
import { redactDeep } from "../store/index.js";
import { cliDeps } from "./deps.js";
import { onInterrupt } from "./signals.js";
import { withStatus } from "./status.js";
import { useColor } from "./tty.js";

export interface AskOptions {
  target?: string;
  prober?: string;
  baseUrl?: string;
  proberBaseUrl?: string;
  probes: number;
  probe?: string[];
  samples: number;
  temperature: number;
  maxTokens: number;
  diversity: AuditConfig["diversity"];
  metric: string;
  concurrency: number;
  timeout: number;
  retries: number;
  json?: boolean;
  yes?: boolean;
  /** Exit 1 when the consistency is under this, or when there is none (no score). */
  failUnder?: number;
}

export async function ask(question: string, options: AskOptions): Promise<void> {
  const { deps, status, close } = cliDeps(options);
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    status.info("Cancelling…");
    controller.abort();
  });
  try {
    const { probe, probes, ...rest } = options;
    const { runId, result: said } = await withStatus(status, () => auditQuestion(question, { ...rest, probes: probe?.length ? probe : probes, signal: controller.signal }, deps));
    // Shown as the store keeps it: an answer or error that echoes an API key prints [redacted] in its place.
    const result = redactDeep(said);
    process.stdout.write(
      options.json ? `${JSON.stringify(toAuditJson(result, runId), null, 2)}\n` : renderTerminalReport(result, { color: useColor(process.stdout), width: process.stdout.columns ?? 100, runId }),
    );
    // Tokens and cost of the audit's calls, on stderr (stdout keeps the report's shape).
    const cost = runId && deps.db ? costOfRun(deps.db, runId) : undefined;
    if (cost?.calls) status.info(costHeadline(cost));
    const below = failsUnder(result.scores.consistency, options.failUnder);
    if (below) {
      process.stderr.write(`auditllm: ${below}\n`);
      process.exitCode = 1;
    }
  } finally {
    stopListening();
    close();
  }
}

/** Why the audit fails --fail-under x, or undefined: a consistency under x, or none at all ("no score" fails too). */
export function failsUnder(consistency: number | undefined, failUnder: number | undefined): string | undefined {
  if (failUnder === undefined) return undefined;
  if (consistency === undefined) return `no consistency could be computed (no score: fewer than two answers to compare), which fails --fail-under ${failUnder}`;
  return consistency < failUnder ? `consistency ${consistency.toFixed(3)} is under --fail-under ${failUnder}` : undefined;
}
