/**
 * One page of a batch run's results (question × target). Column headers are buttons that sort the whole run
 * on the server (aria-sort says which and how); the question opens its full audit. Scores are numbers, with
 * ✗ under the threshold; a failed target says "failed" and why.
 */
import type { ResultRowJson, ResultSortKey } from "../../server/api-types.js";
import { count } from "../lib/batch-format.js";
import { Link } from "../router.js";
import { ScoreCell } from "./score-cell.js";

interface Props {
  runId: string;
  rows: ResultRowJson[];
  sort: ResultSortKey;
  order: "asc" | "desc";
  threshold: number;
  /** Several targets: show the target column. */
  showTarget: boolean;
  onSort(key: ResultSortKey): void;
}

const COLUMNS: { key: ResultSortKey; label: string; class?: string }[] = [
  { key: "idx", label: "Line", class: "number" },
  { key: "question", label: "Question" },
  { key: "category", label: "Category" },
  { key: "target", label: "Target" },
  { key: "consistency", label: "Consistency", class: "number" },
];

export const rowHref = (runId: string, row: Pick<ResultRowJson, "idx" | "target">) => `/batch/${encodeURIComponent(runId)}/row/${row.idx}?target=${encodeURIComponent(row.target)}`;

export function ResultsTable(props: Props) {
  const columns = COLUMNS.filter((c) => c.key !== "target" || props.showTarget);
  return (
    <table class="results sortable">
      <caption class="sr-only">Results, one row per question and target; column buttons sort the whole run.</caption>
      <thead>
        <tr>
          {columns.map((c) => {
            const active = props.sort === c.key;
            const direction = props.order === "asc" ? "ascending" : "descending";
            return (
              <th scope="col" class={c.class} aria-sort={active ? direction : undefined}>
                <button type="button" class="sort" onClick={() => props.onSort(c.key)}>
                  {c.label}
                  <span aria-hidden="true" class="arrow">
                    {active ? (props.order === "asc" ? " ▲" : " ▼") : " ↕"}
                  </span>
                  <span class="sr-only">{active ? `, sorted ${direction}; press to reverse` : ", press to sort"}</span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={`${row.idx} ${row.target}`} class={row.error ? "failed" : undefined}>
            <td class="number">{count(row.line)}</td>
            <td class="question">
              <Link href={rowHref(props.runId, row)}>{row.question}</Link>
            </td>
            <td>{row.category ?? <span class="muted">–</span>}</td>
            {props.showTarget && (
              <td>
                <code>{row.target}</code>
              </td>
            )}
            <td class="number">
              {row.error ? (
                <span class="failed-text" title={row.error}>
                  ✗ failed<span class="why">: {row.error}</span>
                </span>
              ) : (
                <ScoreCell value={row.consistency} threshold={props.threshold} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
