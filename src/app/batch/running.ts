/** The batch runs this process is working through, so `cancelBatch(runId)` can stop one (resumably). */
const running = new Map<string, AbortController>();

/** Registers a run under way; the returned signal fires on cancelBatch (or when `outer` fires). */
export function register(runId: string, outer?: AbortSignal): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
  running.set(runId, controller);
  return { signal: controller.signal, done: () => void (running.get(runId) === controller && running.delete(runId)) };
}

/** Stops a run this process is working through: its calls are aborted and it is stored as cancelled, resumable. False when it is not running here. */
export function cancelBatch(runId: string): boolean {
  const controller = running.get(runId);
  if (!controller) return false;
  controller.abort(new Error("cancelled"));
  return true;
}

export const isRunningHere = (runId: string): boolean => running.has(runId);

/** Notes about models chosen for a run (e.g. a detected target), said once its input shows a model is needed. */
const modelNotes = new Map<string, string[]>();

export function deferModelNotes(runId: string, notes: string[]): void {
  if (notes.length) modelNotes.set(runId, notes);
}

export function takeModelNotes(runId: string): string[] {
  const notes = modelNotes.get(runId) ?? [];
  modelNotes.delete(runId);
  return notes;
}
