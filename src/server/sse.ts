/**
 * Server-sent events for work that reports as it goes (a live audit): typed events written in order, with
 * every secret removed, and one AbortSignal that fires when the client goes away (closed tab, aborted
 * fetch, closed EventSource) or the server stops.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppContext } from "./context.js";

export type Emit<Events> = <K extends keyof Events & string>(event: K, data: Events[K]) => void;

export function eventStream<Events>(c: Context, ctx: AppContext, work: (emit: Emit<Events>, signal: AbortSignal) => Promise<void>): Response {
  c.header("x-accel-buffering", "no"); // a reverse proxy must not hold the events back
  return streamSSE(c, async (stream) => {
    const controller = new AbortController();
    const abort = () => controller.abort();
    ctx.active.add(controller);
    stream.onAbort(abort);
    const request = c.req.raw.signal;
    if (request.aborted) abort();
    request.addEventListener("abort", abort, { once: true });
    let written = Promise.resolve();
    const emit: Emit<Events> = (event, data) => {
      const text = ctx.redact(JSON.stringify(data));
      written = written.then(() => stream.writeSSE({ event, data: text })).catch(() => undefined);
    };
    try {
      await work(emit, controller.signal);
      await written;
    } finally {
      ctx.active.delete(controller);
      request.removeEventListener("abort", abort);
    }
  });
}
