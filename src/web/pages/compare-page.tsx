/**
 * Compare two batch runs question by question (the same questions asked of other targets, or on other dates):
 * pick run A and run B and a target of each; the server matches questions by their text and answers with the
 * summary (matched, mean difference, better and worse counts) and the per-question differences, largest drop
 * first, a page at a time, with the mean difference's 95% interval and warnings when the runs used other probes or
 * metrics. A gate (the largest mean drop allowed, the largest share of worse questions) gives the verdict
 * `auditllm compare --fail-if-worse … --max-worse-share …` would, and the command to run in CI; a link starts a
 * run on run A's probes. The choice lives in the address bar (?a=&b=&ta=&tb=&margin=&fail=&share=), so a comparison can be linked.
 */
import { useEffect, useState } from "preact/hooks";
import type { BatchRunSummary, ComparisonJson } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { describeError, isAbort } from "../api/errors.js";
import { Notice } from "../components/notice.js";
import { Pager } from "../components/pager.js";
import { count, signed } from "../lib/batch-format.js";
import { fixed, when } from "../lib/format.js";
import { Link } from "../router.js";
import "../batch.css";

const PAGE = 100;

interface Choice {
  a: string;
  b: string;
  ta: string;
  tb: string;
  /** The gate's settings as typed ("" = not set; margin "" = the server's 0.05). */
  margin: string;
  fail: string;
  share: string;
  page: number;
}

const GATE_KEYS = ["margin", "fail", "share"] as const;

function choiceFromAddress(): Choice {
  const q = new URLSearchParams(location.search);
  const page = Number(q.get("page"));
  const text = (key: string) => q.get(key) ?? "";
  return { a: text("a"), b: text("b"), ta: text("ta"), tb: text("tb"), margin: text("margin"), fail: text("fail"), share: text("share"), page: Number.isInteger(page) && page > 1 ? page - 1 : 0 };
}

/** A share or delta as typed: a number from 0 to 1, else undefined (not set). */
function fraction(text: string): number | undefined {
  const x = Number(text);
  return text.trim() !== "" && Number.isFinite(x) && x >= 0 && x <= 1 ? x : undefined;
}

/** Run B by default: the newest other run of the same input, else the newest other run. */
function defaultPartner(runs: BatchRunSummary[], a: string): string {
  const mine = runs.find((r) => r.id === a);
  const others = runs.filter((r) => r.id !== a);
  return (others.find((r) => mine && r.input === mine.input) ?? others[0])?.id ?? "";
}

const runLabel = (r: BatchRunSummary) => `${r.input || r.id} · ${when(r.createdAt)} · ${r.targets.map((t) => t.target).join(", ")} · ${r.status}`;

export function ComparePage() {
  const [runs, setRuns] = useState<{ list?: BatchRunSummary[]; error?: string }>({});
  const [choice, setChoice] = useState<Choice>(choiceFromAddress);
  const [result, setResult] = useState<{ data?: ComparisonJson; error?: string; loading?: boolean }>({});

  useEffect(() => {
    batchApi.list().then(
      (list) => {
        setRuns({ list });
        setChoice((c) => {
          const a = c.a || (list.length > 1 ? defaultPartner(list, list[0]!.id) : "");
          return { ...c, a, b: c.b || (a ? defaultPartner(list, a) : "") };
        });
      },
      (error) => setRuns({ error: describeError(error) }),
    );
  }, []);

  useEffect(() => {
    const q = new URLSearchParams();
    for (const key of ["a", "b", "ta", "tb", ...GATE_KEYS] as const) if (choice[key]) q.set(key, choice[key]);
    if (choice.page) q.set("page", String(choice.page + 1));
    const text = q.toString();
    history.replaceState(history.state, "", `${location.pathname}${text ? `?${text}` : ""}`);
    if (!choice.a || !choice.b) return setResult({});
    const controller = new AbortController();
    setResult((r) => ({ ...r, loading: true }));
    const gate = { margin: fraction(choice.margin), failIfWorse: fraction(choice.fail), maxWorseShare: fraction(choice.share) };
    batchApi.compare({ a: choice.a, b: choice.b, targetA: choice.ta || undefined, targetB: choice.tb || undefined, ...gate, offset: choice.page * PAGE, limit: PAGE }, controller.signal).then(
      (data) => setResult({ data }),
      (error) => !isAbort(error) && setResult({ error: describeError(error) }),
    );
    return () => controller.abort();
  }, [choice]);

  const list = runs.list ?? [];
  const pick = (values: Partial<Choice>) => setChoice((c) => ({ ...c, ...values, page: values.page ?? 0 }));
  const targetsOf = (id: string) => list.find((r) => r.id === id)?.targets.map((t) => t.target) ?? [];
  const data = result.data;
  return (
    <div class="compare">
      <h1>Compare runs</h1>
      <p class="intro muted">
        The same questions in two batch runs — other targets, or the same target on another date: how each question's consistency moved from run A to run B, largest drop first.
      </p>
      {runs.error && <Notice kind="error">{runs.error}</Notice>}
      {runs.list && list.length < 2 && (
        <Notice kind="info" title="Comparing needs two batch runs">
          There {list.length === 1 ? "is one" : "are none"} so far. Start another on the <Link href="/batch">Batch</Link> page with the same questions file, and another target or on another day.
        </Notice>
      )}
      {list.length >= 2 && (
        <form class="compare-pick" onSubmit={(e) => e.preventDefault()}>
          {(["a", "b"] as const).map((side) => {
            const id = choice[side];
            const targetKey = side === "a" ? "ta" : "tb";
            const used = data?.[side].runId === id ? data[side].target : "";
            return (
              <fieldset>
                <legend>Run {side.toUpperCase()}</legend>
                <label class="block">
                  Run
                  <select name={`run-${side}`} value={id} onChange={(e) => pick({ [side]: e.currentTarget.value, [targetKey]: "" })}>
                    <option value="">choose a run…</option>
                    {list.map((r) => (
                      <option value={r.id}>{runLabel(r)}</option>
                    ))}
                  </select>
                </label>
                <label class="block">
                  Target
                  <select name={`target-${side}`} value={choice[targetKey] || used} onChange={(e) => pick({ [targetKey]: e.currentTarget.value })}>
                    {targetsOf(id).map((t) => (
                      <option value={t}>{t}</option>
                    ))}
                  </select>
                </label>
              </fieldset>
            );
          })}
          <fieldset class="compare-gate">
            <legend>Gate (as in CI)</legend>
            {(
              [
                ["margin", "Margin", "how far a question must move to count as better or worse (default 0.05)"],
                ["fail", "Fail if the mean drops by more than", "--fail-if-worse"],
                ["share", "Fail if more than this share got worse", "--max-worse-share, 0 to 1"],
              ] as const
            ).map(([key, label, hint]) => (
              <label class="block">
                {label} <span class="hint">{hint}</span>
                <input name={`gate-${key}`} type="number" min={0} max={1} step={0.01} value={choice[key]} onInput={(e) => pick({ [key]: e.currentTarget.value })} />
              </label>
            ))}
          </fieldset>
        </form>
      )}
      {result.error && (
        <Notice kind="error" title="These runs could not be compared">
          {result.error}
        </Notice>
      )}
      {data && <ComparisonView data={data} onPage={(page) => pick({ page })} />}
    </div>
  );
}

function ComparisonView({ data, onPage }: { data: ComparisonJson; onPage(page: number): void }) {
  const same = data.matched - data.better - data.worse;
  const m = fixed(data.margin);
  return (
    <section aria-labelledby="comparison-title">
      <h2 id="comparison-title">
        <code>{data.b.target}</code> in B against <code>{data.a.target}</code> in A
      </h2>
      {data.warnings.map((warning) => (
        <Notice kind="warning" title="Not only the model changed">
          {warning}
        </Notice>
      ))}
      {data.gate && <GateVerdict data={data} />}
      <p class="muted">
        <Link href={`/batch?probesFrom=${encodeURIComponent(data.a.runId)}`}>Start a run on run A's probes</Link> (questions it shares with A are asked with the same probes, so a later comparison
        measures the model alone){data.b.probesFrom ? ` · run B reused the probes of run ${data.b.probesFrom}` : ""}.
      </p>
      <dl class="stats compare-summary">
        <div>
          <dt>Questions in both</dt>
          <dd class="number">{count(data.matched)}</dd>
        </div>
        <div>
          <dt>Mean difference (B − A)</dt>
          <dd class="number">
            {signed(data.meanDifference)}
            {data.interval && (
              <span class="hint">
                {" "}
                95% CI {signed(data.interval[0])} to {signed(data.interval[1])}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Better in B (by more than {m})</dt>
          <dd class="number">▲ {count(data.better)}</dd>
        </div>
        <div>
          <dt>Worse in B (by more than {m})</dt>
          <dd class="number">▼ {count(data.worse)}</dd>
        </div>
        <div>
          <dt>Within ±{m}</dt>
          <dd class="number">{count(same)}</dd>
        </div>
        <div>
          <dt>Only in A · only in B</dt>
          <dd class="number">
            {count(data.onlyA)} · {count(data.onlyB)}
          </dd>
        </div>
      </dl>
      {data.matched === 0 ? (
        <Notice kind="info" title="No question is in both runs">
          Questions are matched by their text (and must have a score in both). Choose two runs of the same questions file.
        </Notice>
      ) : (
        <>
          <Pager label="Questions" announce total={data.matched} offset={data.offset} size={data.limit} onPage={onPage} />
          <table class="results comparison">
            <caption class="sr-only">Consistency per question in run A and run B, largest drop first</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col" class="number">
                  A
                </th>
                <th scope="col" class="number">
                  B
                </th>
                <th scope="col" class="number" aria-sort="ascending">
                  Difference (B − A)
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => {
                const verdict = row.difference < -data.margin ? "worse" : row.difference > data.margin ? "better" : "same";
                return (
                  <tr class={verdict}>
                    <td class="question">
                      <Link href={`/batch/${encodeURIComponent(data.b.runId)}?search=${encodeURIComponent(row.question)}`}>{row.question}</Link>
                    </td>
                    <td class="number">{fixed(row.a)}</td>
                    <td class="number">{fixed(row.b)}</td>
                    <td class="number difference">
                      {signed(row.difference)} <span class="verdict">{verdict === "worse" ? "▼ worse" : verdict === "better" ? "▲ better" : "= same"}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The gate's verdict, and the command that gives the same verdict in CI. */
function GateVerdict({ data }: { data: ComparisonJson }) {
  const gate = data.gate!;
  const flags = [
    data.margin !== 0.05 ? `--margin ${data.margin}` : "",
    gate.failIfWorse !== undefined ? `--fail-if-worse ${gate.failIfWorse}` : "",
    gate.maxWorseShare !== undefined ? `--max-worse-share ${gate.maxWorseShare}` : "",
  ].filter(Boolean);
  const command = `auditllm compare ${data.a.runId} ${data.b.runId} ${flags.join(" ")}`;
  const failed = gate.failures.length > 0;
  return (
    <Notice kind={failed ? "error" : "info"} title={failed ? "Gate failed: run B is worse than run A" : "Gate passed"}>
      {failed ? gate.failures.join("; ") : "Neither limit is passed."} In CI: <code>{command}</code> {failed ? "exits 1" : "exits 0"}.
    </Notice>
  );
}
