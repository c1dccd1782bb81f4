import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import test from "node:test";
import { onAbort } from "./on-abort.js";

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
