/**
 * Scoring that never holds up the calls (issue 14). A built-in metric computes on the thread that sends the
 * calls and reads their answers; run as it comes, a window of questions finishing together would score
 * back to back (tens of ms) while answers wait to be read and slots stay empty. Wrapped here, each of the
 * metric's comparisons waits for a turn of its own: one per turn of the event loop, in order, each turn
 * started by setImmediate — so between two comparisons Node reads the sockets, hands answers over and sends
 * the next calls. The longest wait a call sees is one comparison (a question's matrix, its sentence support
 * or its truthfulness: about a millisecond each), not a window's worth of scoring.
 *
 * Measured against a worker thread doing the same scoring (see the README's Speed section): as fast for the
 * wall time here, with no second heap, no second load of the word vectors and no copying of the texts.
 * Only for metrics that compute in this thread: one that waits on a server (embeddings, a judge) or on a
 * native thread pool is used as it is, since taking turns would queue its waits one behind the other.
 */
import type { SimilarityMetric } from "../similarity/types.js";

type Job = () => void;

/** A queue of jobs run one per turn of the event loop. */
export function turnQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  const jobs: Job[] = [];
  let scheduled = false;
  const runNext = () => {
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
