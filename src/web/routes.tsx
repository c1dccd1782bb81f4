/**
 * The app's pages, in one list: a path pattern, a title, an optional navigation label, and what to render.
 * Phase 2 adds its pages here (e.g. /batch, /runs/:id/report, /compare) and they appear in the navigation.
 */
import type { VNode } from "preact";
import { BatchNewPage } from "./pages/batch-new-page.js";
import { BatchRowPage } from "./pages/batch-row-page.js";
import { BatchRunPage } from "./pages/batch-run-page.js";
import { ComparePage } from "./pages/compare-page.js";
import { HistoryPage } from "./pages/history-page.js";
import { LivePage } from "./pages/live-page.js";
import { RunPage } from "./pages/run-page.js";

export interface Page {
  path: string;
  title: string;
  /** Shown in the top navigation when set. */
  nav?: string;
  render(params: Record<string, string>): VNode;
}

export const PAGES: Page[] = [
  { path: "/", title: "Live audit", nav: "Live audit", render: () => <LivePage /> },
  { path: "/batch", title: "Batch audit", nav: "Batch", render: () => <BatchNewPage /> },
  { path: "/batch/:id", title: "Batch run", render: (p) => <BatchRunPage id={p.id!} /> },
  { path: "/batch/:id/row/:idx", title: "Batch result", render: (p) => <BatchRowPage id={p.id!} idx={p.idx!} /> },
  { path: "/runs", title: "History", nav: "History", render: () => <HistoryPage /> },
  { path: "/runs/:id", title: "Stored audit", render: (p) => <RunPage id={p.id!} /> },
  { path: "/compare", title: "Compare runs", nav: "Compare", render: () => <ComparePage /> },
];
