/**
 * JUnit XML for CI dashboards: <testsuites> with a <testsuite> per target and a <testcase> per question
 * (classname = the target, name = the question, with its line), failing (<failure>) when the consistency is
 * under the threshold, an <error> when the audit failed, <skipped> when there was no score (fewer than two
 * answers). Streamed a target at a time, two passes each (the counts the <testsuite> carries, then the cases),
 * so memory stays flat. LLM text loses what XML cannot hold and is escaped.
 */
import type { TextSink } from "./sink.js";
import { rowsOf, type BatchRow, type ReportSource } from "./types.js";
import { xmlEscape, xmlText } from "./xml.js";

const MAX_TEXT = 4000;

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

type Verdict = { kind: "pass" } | { kind: "failure" | "error" | "skipped"; message: string };

function verdict(row: BatchRow, threshold: number): Verdict {
  if (!row.result) return { kind: "error", message: row.error ?? "no result" };
  const c = row.result.scores.consistency;
  if (c === undefined || c === null) return { kind: "skipped", message: "no consistency score: fewer than two answers to compare" };
  if (c < threshold) return { kind: "failure", message: `consistency ${c.toFixed(2)} is under ${threshold}` };
  return { kind: "pass" };
}

const attr = (text: string) => xmlEscape(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

/** The worst pair of answers, as the failure's text (what a reader of the CI log needs to see). */
function details(row: BatchRow): string {
  const r = row.result;
  if (!r) return row.error ?? "";
  const lines = [`question: ${row.question}`, `consistency: ${r.scores.consistency?.toFixed(4) ?? "–"}`];
  const pair = r.scores.dissimilarPairs?.[0];
  if (pair) {
    const text = (i: number) => r.answers[i]?.text ?? "";
    lines.push(`least similar answers (${pair.similarity.toFixed(2)}):`, `  ${r.answers[pair.a]?.prompt ?? ""} → ${text(pair.a)}`, `  ${r.answers[pair.b]?.prompt ?? ""} → ${text(pair.b)}`);
  }
  const joined = lines.join("\n");
  return joined.length > MAX_TEXT ? `${joined.slice(0, MAX_TEXT)}…` : joined;
}

export async function writeJunit(source: ReportSource, sink: TextSink): Promise<void> {
  const { run } = source;
  const suites: { target: string; counts: Counts }[] = [];
  for (const target of run.targets) {
    const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for await (const row of rowsOf(source, target)) {
      counts.tests++;
      const v = verdict(row, run.threshold);
      if (v.kind === "failure") counts.failures++;
      else if (v.kind === "error") counts.errors++;
      else if (v.kind === "skipped") counts.skipped++;
    }
    suites.push({ target, counts });
  }
  const sum = (key: keyof Counts) => suites.reduce((s, x) => s + x.counts[key], 0);
  await sink.write('<?xml version="1.0" encoding="UTF-8"?>\n');
  await sink.write(`<testsuites name="${attr(`auditllm ${run.id}`)}" tests="${sum("tests")}" failures="${sum("failures")}" errors="${sum("errors")}" skipped="${sum("skipped")}">\n`);
  for (const { target, counts } of suites) {
    await sink.write(
      `  <testsuite name="${attr(target)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" timestamp="${attr(run.createdAt)}">\n`,
    );
    await sink.write(
      `    <properties><property name="run" value="${attr(run.id)}"/><property name="metric" value="${attr(run.metric)}"/><property name="threshold" value="${run.threshold}"/></properties>\n`,
    );
    for await (const row of rowsOf(source, target)) {
      const name = attr(`${row.id ? `[${row.id}] ` : ""}${row.question} (line ${row.line})`);
      const v = verdict(row, run.threshold);
      const open = `    <testcase classname="${attr(target)}" name="${name}" time="0"`;
      if (v.kind === "pass") await sink.write(`${open}/>\n`);
      else
        await sink.write(
          `${open}>\n      <${v.kind} message="${attr(v.message)}"${v.kind === "skipped" ? "/>" : ` type="${v.kind === "failure" ? "inconsistent" : "audit-error"}">${xmlText(details(row))}</${v.kind}>`}\n    </testcase>\n`,
        );
    }
    await sink.write("  </testsuite>\n");
  }
  await sink.write("</testsuites>\n");
}
