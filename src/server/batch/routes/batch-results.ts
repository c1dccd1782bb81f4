/**
 * A batch run's results, read while it runs too (partial results):
 * - GET /api/batches/:id/results?target&category&min&max&search&sort&order&offset&limit: one page of the
 *   question × target table, filtered, sorted and searched in SQL (store/browse.ts);
 * - GET /api/batches/:id/results/:idx?target=…: one question × target in full (the audit as AuditJson);
 * - GET /api/batches/:id/download/csv|jsonl|html: the CLI's reports, written from the store as they download;
 * - GET /api/batches/:id/report.html: the HTML report for the page's frame, under the report's own CSP plus
 *   `sandbox allow-scripts` (an opaque origin: no cookies, no API, even if opened on its own) and framable by
 *   this server's pages only.
 */
import { Hono } from "hono";
import { toAuditJson } from "../../../report/audit-json.js";
import { REPORT_FORMATS, type ReportFormat } from "../../../report/batch/index.js";
import { CSP as REPORT_CSP } from "../../../report/batch/page.js";
import { getResultRow, itemCounts, queryResults } from "../../../store/index.js";
import type { ResultDetail, ResultsPage } from "../api-types.js";
import { batchContext } from "../context.js";
import { batchRunOf } from "../info.js";
import { readResultsQuery } from "../schemas.js";
import type { AppContext } from "../../context.js";
import { HttpError } from "../../http-error.js";
import { reportDownload, reportHtml } from "../report-response.js";
import { sendJson } from "../../respond.js";

/** The report page's policy: its own (inline style and script by hash, nothing else), sandboxed, framable here only. */
export const REPORT_PAGE_CSP = `${REPORT_CSP}; sandbox allow-scripts; frame-ancestors 'self'`;
const PAGES_KEPT = 4;

export function batchResultRoutes(ctx: AppContext): Hono {
  const { db } = ctx.deps;
  const { pages } = batchContext(ctx);
  return new Hono()
    .get("/:id/results", (c) => {
      const id = c.req.param("id");
      batchRunOf(db, id);
      const query = readResultsQuery(c.req.query());
      const page = queryResults(db, id, query);
      return sendJson(c, ctx, { total: page.total, offset: query.offset, limit: query.limit, rows: page.rows } satisfies ResultsPage);
    })
    .get("/:id/results/:idx", (c) => {
      const id = c.req.param("id");
      batchRunOf(db, id);
      const idx = Number(c.req.param("idx"));
      const target = c.req.query("target") ?? "";
      if (!Number.isInteger(idx) || idx < 0) throw new HttpError(400, "The question's index is a whole number ≥ 0.");
      if (!target) throw new HttpError(400, "Say which target: ?target=<model id>.");
      const row = getResultRow(db, id, idx, target);
      if (!row) throw new HttpError(404, `Run ${id} has no result for question ${idx + 1} and ${target.slice(0, 300)} (yet).`);
      const detail: ResultDetail = {
        runId: id,
        idx: row.idx,
        line: row.line,
        ...(row.id !== undefined ? { id: row.id } : {}),
        question: row.question,
        ...(row.category !== undefined ? { category: row.category } : {}),
        target: row.target,
        meta: row.meta,
        ...(row.reference ? { reference: row.reference } : {}),
        // Without a runId: the audit is a row of a batch run, not a stored `ask` run to export.
        ...(row.result ? { audit: toAuditJson(row.result) } : { error: row.error ?? "no result" }),
      };
      return sendJson(c, ctx, detail);
    })
    .get("/:id/download/:format", (c) => {
      const id = c.req.param("id");
      batchRunOf(db, id);
      const format = c.req.param("format") as ReportFormat;
      if (!REPORT_FORMATS.includes(format)) throw new HttpError(404, `No ${format.slice(0, 20)} report: choose ${REPORT_FORMATS.join(", ")}.`);
      return reportDownload(ctx, id, format);
    })
    .get("/:id/report.html", async (c) => {
      const id = c.req.param("id");
      const run = batchRunOf(db, id);
      const counts = itemCounts(db, id);
      // A page is written again only when the run has moved on.
      const key = `${id} ${run.status} ${run.finishedAt ?? ""} ${counts.done} ${counts.failed}`;
      let html = pages.get(key);
      if (html === undefined) {
        html = await reportHtml(ctx, id);
        pages.set(key, html);
        while (pages.size > PAGES_KEPT) pages.delete(pages.keys().next().value!);
      }
      return c.body(html, 200, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": REPORT_PAGE_CSP,
        "x-frame-options": "SAMEORIGIN",
        // The sandboxed page has an opaque origin anyway; asking for origin keying here only makes Chromium warn.
        "origin-agent-cluster": "?0",
        "cache-control": "no-store",
      });
    });
}
