/** `auditllm ask`: flags in, the audit use case (app/audit), the report out. */
import { auditQuestion } from "../app/audit.js";
import type { AuditConfig } from "../core/types.js";
import { toAuditJson } from "../report/audit-json.js";
import { renderTerminalReport } from "../report/terminal.js";
import { cliDeps } from "./deps.js";
import { onInterrupt } from "./signals.js";
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
    const { runId, result } = await auditQuestion(question, { ...rest, probes: probe?.length ? probe : probes, signal: controller.signal }, deps);
    status.done();
    process.stdout.write(
      options.json ? `${JSON.stringify(toAuditJson(result, runId), null, 2)}\n` : renderTerminalReport(result, { color: useColor(process.stdout), width: process.stdout.columns ?? 100, runId }),
    );
  } finally {
    status.done();
    stopListening();
    close();
  }
}
