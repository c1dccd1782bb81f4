/**
 * Each target of a batch run: its mean consistency (number and bar, ✗ under the threshold), questions audited,
 * with no score (fewer than two answers to compare: not a failure) and failed (an error), as the HTML report counts them.
 */
import type { TargetMean } from "../../server/api-types.js";
import { count } from "../lib/batch-format.js";
import { ScoreCell } from "./score-cell.js";

export function TargetMeans({ targets, threshold }: { targets: TargetMean[]; threshold: number }) {
  return (
    <table class="targets">
      <caption class="sr-only">Targets and their mean consistency</caption>
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col" class="number">
            Mean consistency
          </th>
          <th scope="col" class="number">
            Audited
          </th>
          <th scope="col" class="number" title="audited, but fewer than two answers to compare">
            No score
          </th>
          <th scope="col" class="number" title="the audit ended in an error">
            Failed
          </th>
        </tr>
      </thead>
      <tbody>
        {targets.map((t) => (
          <tr>
            <th scope="row">
              <code>{t.target}</code>
            </th>
            <td class="number">
              <ScoreCell value={t.meanConsistency} threshold={threshold} label="mean consistency" />
            </td>
            <td class="number">{count(t.audited)}</td>
            <td class="number">{count(t.noScore ?? 0)}</td>
            <td class="number">{t.failed ? `✗ ${count(t.failed)}` : "0"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
