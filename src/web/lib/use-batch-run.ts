/**
 * A batch run as the page shows it: its detail (GET /api/batches/:id), kept up to date while it runs by its
 * progress events; when the run ends (or the stream breaks) the detail is read again. `reload()` reads it
 * again at once (after a cancel or resume).
 */
import { useEffect, useState } from "preact/hooks";
import type { BatchRunDetail } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { describeError, isAbort } from "../api/errors.js";

export interface BatchRunState {
  detail?: BatchRunDetail;
  error?: string;
  reload(): void;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

export function useBatchRun(id: string): BatchRunState {
  const [state, setState] = useState<{ detail?: BatchRunDetail; error?: string }>({});
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const follow = async () => {
      while (!signal.aborted) {
        let detail: BatchRunDetail;
        try {
          detail = await batchApi.run(id, signal);
          setState({ detail });
        } catch (error) {
          if (!isAbort(error)) setState((s) => ({ ...s, error: describeError(error) }));
          return;
        }
        if (detail.status !== "running") {
          // Stopped, but its process is still closing: Resume is offered once it has exited.
          if (!detail.live) return;
          await pause(500, signal);
          continue;
        }
        try {
          await batchApi.events(id, { progress: (progress) => setState((s) => (s.detail ? { detail: { ...s.detail, progress } } : s)) }, signal);
          await pause(300, signal);
        } catch (error) {
          if (isAbort(error)) return;
          await pause(2000, signal); // the server went away for a moment: try again
        }
      }
    };
    void follow();
    return () => controller.abort();
  }, [id, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}
