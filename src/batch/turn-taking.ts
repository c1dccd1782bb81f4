/**
 * Scoring that never holds up the calls (issue 14). A built-in metric computes on the thread that sends the
 * calls and reads their answers; run as it comes, a window of questions finishing together would score
 * back to back (tens of ms) while answers wait to be read and slots stay empty. Here each piece of that work
 * waits for a turn of its own: one job per turn of the event loop, in order, each turn started by
 * setImmediate — so between two jobs Node reads the sockets, hands answers over and sends the next calls.
 * A batch makes a question's scores (matrix, meaning, truthfulness: `turnQueue` around scoreJob) one job, so
 * the texts it compares stay in the similarity memos for the whole of it, and each comparison of a probe
 * check another (`takingTurns` around the probe metric). The longest a call waits is one job (a few ms), and
 * a job due in the same turn as the commit of calls' rows waits for that commit (`yieldTo`).
 *
 * Chosen over a worker thread (the README's Speed section has both): no second heap, no second load of the
 * word vectors, no copying of the texts. Only for metrics that compute in this thread: one that waits on a
 * server (embeddings, a judge) or on a native thread pool is used as it is, since taking turns would queue
 * its waits one behind the other.
 */
import type { SimilarityMetric } from "../similarity/types.js";

type Job = () => void;

export interface TurnOptions {
  /**
   * Whether work that must not wait for a job is queued behind it in this same turn: the run's group commit,
   * whose calls are sent as soon as their rows are in. A job's turn comes from the turn before, so it runs
   * ahead of a commit asked for while the sockets were read; when this says so, the job lets it go first and
   * takes the next turn (once per job, so jobs cannot be put off for good).
   */
  yieldTo?: () => boolean;
}

/** A queue of jobs run one per turn of the event loop. */
export function turnQueue(options: TurnOptions = {}): <T>(work: () => Promise<T>) => Promise<T> {
  const jobs: Job[] = [];
  let scheduled = false;
  let yielded = false;
  const runNext = () => {
    if (!yielded && options.yieldTo?.()) {
      yielded = true;
      setImmediate(runNext);
      return;
    }
    yielded = false;
    const job = jobs.shift();
    if (jobs.length) setImmediate(runNext);
    else scheduled = false;
    job?.();
  };
  return (work) =>
    new Promise((resolve, reject) => {
      jobs.push(() => {
        try {
          work().then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
      if (!scheduled) {
        scheduled = true;
        setImmediate(runNext);
      }
    });
}

/** `metric` with each comparison taking its turn (see above); its other members as they are. */
export function takingTurns(metric: SimilarityMetric, inTurn = turnQueue()): SimilarityMetric {
  const wrapped: SimilarityMetric = Object.create(metric);
  Object.defineProperties(wrapped, {
    cross: { value: (a: string[], b: string[], context?: Parameters<SimilarityMetric["cross"]>[2]) => inTurn(() => metric.cross(a, b, context)) },
    pairwise: { value: (texts: string[], context?: Parameters<SimilarityMetric["pairwise"]>[1]) => inTurn(() => metric.pairwise(texts, context)) },
  });
  if (metric.support) {
    const support = metric.support.bind(metric);
    Object.defineProperty(wrapped, "support", { value: (...args: Parameters<typeof support>) => inTurn(() => support(...args)) });
  }
  if (metric.contradictions) {
    const contradictions = metric.contradictions.bind(metric);
    Object.defineProperty(wrapped, "contradictions", { value: (...args: Parameters<typeof contradictions>) => inTurn(() => contradictions(...args)) });
  }
  return wrapped;
}
