/**
 * Preloaded into the CLI child by throughput.ts (`node --import`): how long the main thread's event loop
 * was held up while calls were being made (from the first HTTP request to the last response; start-up,
 * the word vectors' load and the reports at the end are outside). A 2 ms timer measures how late it
 * fires; printed to stderr as the process exits: "loop delay: p50 … p99 … max … ms".
 */
import { subscribe } from "node:diagnostics_channel";
import { isMainThread } from "node:worker_threads";
import { HTTP_CHANNELS } from "../providers/http-channels.js";

if (isMainThread) {
  const lags: [at: number, lag: number][] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  const started = () => (first = Math.min(first, performance.now()));
  const finished = () => (last = performance.now());
  // node:http's events (the AI SDK's adapters use fetch, which has none here) and auditllm's HTTP client's.
  subscribe("http.client.request.start", started);
  subscribe("http.client.response.finish", finished);
  subscribe(HTTP_CHANNELS.requestStart, started);
  subscribe(HTTP_CHANNELS.responseFinish, finished);
  const PERIOD = 2;
  let expected = performance.now() + PERIOD;
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push([now, Math.max(0, now - expected)]);
    expected = now + PERIOD;
  }, PERIOD);
  timer.unref();
  process.on("exit", () => {
    const during = lags
      .filter(([at]) => at >= first && at <= last)
      .map(([, lag]) => lag)
      .sort((a, b) => a - b);
    const at = (q: number) => (during.length ? during[Math.min(during.length - 1, Math.floor(q * during.length))]! : 0).toFixed(1);
    process.stderr.write(`loop delay: p50 ${at(0.5)} p99 ${at(0.99)} max ${at(1)} ms\n`);
    // performance.now() counts from the process's start: what comes before the first call and after the last.
    process.stderr.write(`calls: first sent ${first.toFixed(0)} ms after start, last answered ${last.toFixed(0)} ms, exit ${performance.now().toFixed(0)} ms\n`);
  });
}
