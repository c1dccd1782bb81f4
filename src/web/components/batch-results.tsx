/**
 * A batch run's results: filters, the sortable table and paging, all done by the server a page at a time
 * (fast at 10k+ rows). The table's state lives in the address bar (and is remembered per run for the way
 * back from a question). While the run goes on, the page is read again as questions finish.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { BatchRunDetail, ResultsPage } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { describeError, isAbort } from "../api/errors.js";
import { filtered, initialTable, PAGE_SIZES, sortBy, tableFromQuery, tableToQuery, toResultsQuery, type TableState } from "../lib/table-state.js";
import { Notice } from "./notice.js";
import { Pager } from "./pager.js";
import { ResultsFilters } from "./results-filters.js";
import { ResultsTable } from "./results-table.js";

const remembered = (runId: string) => `auditllm:table:${runId}`;

/** The table state of a run: the address bar's, else the one left when a question was opened. */
function startingState(runId: string): TableState {
  const stored = location.search ? location.search : (sessionStorage.getItem(remembered(runId)) ?? "");
  return tableFromQuery(stored);
}

export function BatchResults({ run, refresh }: { run: BatchRunDetail; refresh: number }) {
  const [table, setTable] = useState<TableState>(() => startingState(run.id));
  const [result, setResult] = useState<{ page?: ResultsPage; error?: string; loading: boolean }>({ loading: true });
  const query = useMemo(() => toResultsQuery(table), [table]);
  const key = JSON.stringify(query);

  useEffect(() => {
    const text = tableToQuery(table);
    history.replaceState(history.state, "", `${location.pathname}${text}`);
    sessionStorage.setItem(remembered(run.id), text);
  }, [table, run.id]);

  useEffect(() => {
    const controller = new AbortController();
    setResult((r) => ({ ...r, loading: true }));
    // A short pause lets typing in the search box settle before the server is asked.
    const timer = setTimeout(() => {
      batchApi.results(run.id, query, controller.signal).then(
        (page) => {
          setResult({ page, loading: false });
          if (page.total > 0 && page.offset >= page.total) setTable((t) => ({ ...t, page: Math.floor((page.total - 1) / t.size) }));
        },
        (error) => !isAbort(error) && setResult({ error: describeError(error), loading: false }),
      );
    }, 200);
    return () => (clearTimeout(timer), controller.abort());
  }, [run.id, key, refresh]);

  const change = (values: Partial<TableState>) => setTable((t) => ({ ...t, ...values, page: "page" in values ? values.page! : 0 }));
  const clear = () => setTable((t) => ({ ...initialTable, sort: t.sort, order: t.order, size: t.size }));
  const page = result.page;
  const targets = run.targets.map((t) => t.target);
  return (
    <section class="batch-results" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <ResultsFilters state={table} categories={run.categories} targets={targets} onChange={change} onClear={clear} />
      {result.error && (
        <Notice kind="error" title="The results could not be read">
          {result.error}
        </Notice>
      )}
      {page && page.total === 0 && !filtered(table) && (
        <Notice kind="info" title={run.status === "running" ? "No question has finished yet" : "No results"}>
          {run.status === "running" ? "Results appear here as questions finish; this table follows them." : "This run stored no result: see its status above."}
        </Notice>
      )}
      {page && page.total === 0 && filtered(table) && (
        <Notice kind="info" title="No result matches these filters">
          Loosen the search, category, target or score range, or{" "}
          <button type="button" class="link" onClick={clear}>
            clear the filters
          </button>
          .
        </Notice>
      )}
      {page && page.total > 0 && (
        <div class="table-box" aria-busy={result.loading}>
          <Pager
            label="Rows"
            announce
            total={page.total}
            offset={table.page * table.size}
            size={table.size}
            sizes={PAGE_SIZES}
            onPage={(p) => change({ page: p })}
            onSize={(size) => change({ size })}
          />
          <ResultsTable runId={run.id} rows={page.rows} sort={table.sort} order={table.order} threshold={run.threshold} showTarget={targets.length > 1} onSort={(k) => setTable((t) => sortBy(t, k))} />
          {page.total > table.size && <Pager label="Rows" total={page.total} offset={table.page * table.size} size={table.size} onPage={(p) => change({ page: p })} />}
        </div>
      )}
      {!page && !result.error && <p class="muted">Loading the results…</p>}
    </section>
  );
}
