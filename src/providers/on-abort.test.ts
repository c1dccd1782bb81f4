import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import test from "node:test";
import { abortable, onAbort } from "./on-abort.js";

test("onAbort: a thousand listeners on one signal are one listener on it; stopped ones are not called; an aborted signal calls at once", () => {
  const controller = new AbortController();
  const called: number[] = [];
  const stops = Array.from({ length: 1000 }, (_, i) => onAbort(controller.signal, () => called.push(i)));
  assert.equal(getEventListeners(controller.signal, "abort").length, 1);
  for (const stop of stops.slice(0, 998)) stop();
  controller.abort();
  assert.deepEqual(called, [998, 999]);
  let late = false;
  onAbort(controller.signal, () => (late = true));
  assert.ok(late, "already aborted: called at once");
});

test("abortable: what waits through onAbort is called by abort, with no listener on the signal; once; stopped ones are not", () => {
  const controller = abortable();
  const called: string[] = [];
  const stop = onAbort(controller.signal, () => called.push("stopped"));
  onAbort(controller.signal, () => called.push(`waited: ${String(controller.signal.reason)}`));
  controller.signal.addEventListener("abort", () => called.push("the signal's own listener"));
  assert.equal(getEventListeners(controller.signal, "abort").length, 1, "only the one added by hand");
  stop();
  controller.abort("timed out");
  controller.abort("again");
  assert.deepEqual(called, ["the signal's own listener", "waited: timed out"]);
  assert.equal(controller.signal.reason, "timed out");
  let late = false;
  onAbort(controller.signal, () => (late = true));
  assert.ok(late, "already aborted: called at once");
});
