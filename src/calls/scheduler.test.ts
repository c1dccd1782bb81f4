import assert from "node:assert/strict";
import test from "node:test";
import { Scheduler, type Clock } from "./scheduler.js";

/** A clock that moves only when told to, firing the timers that fall due. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  const timers: { at: number; fire: () => void }[] = [];
  return {
    now: () => now,
    setTimer: (fire, ms) => void timers.push({ at: now + ms, fire }),
    advance(ms) {
      now += ms;
      for (const due of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(due), 1);
        due.fire();
      }
    },
  };
}

/** A task that stays in flight until released. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}

test("each lane keeps its own concurrency limit", async () => {
  const scheduler = new Scheduler({ concurrency: 2 });
  const gates = Array.from({ length: 6 }, gate);
  const started: string[] = [];
  const runs = gates.map((g, i) =>
    scheduler.run(i < 4 ? "a" : "b", "m", async () => {
      started.push(`${i}`);
      await g.done;
    }),
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ["0", "1", "4", "5"]);
  assert.deepEqual([scheduler.state("a").inFlight, scheduler.state("a").queued], [2, 2]);
  gates.forEach((g) => g.open());
  await Promise.all(runs);
  assert.deepEqual(started.sort(), ["0", "1", "2", "3", "4", "5"]);
});

test("calls to the model that ran last go first, then the longest-waiting model", async () => {
  const scheduler = new Scheduler({ concurrency: 1 });
  const order: string[] = [];
  const first = gate();
  const runs = [scheduler.run("ollama", "llama", async () => (order.push("llama-1"), first.done))];
  for (const name of ["qwen-1", "llama-2", "qwen-2", "llama-3"]) runs.push(scheduler.run("ollama", name.split("-")[0]!, async () => void order.push(name)));
  first.open();
  await Promise.all(runs);
  assert.deepEqual(order, ["llama-1", "llama-2", "llama-3", "qwen-1", "qwen-2"]);
});

test("a call marked first (the prober's) waits behind the other first calls of its model only", async () => {
  const scheduler = new Scheduler({ concurrency: 1 });
  const order: string[] = [];
  const busy = gate();
  const runs = [scheduler.run("api", "m", async () => (order.push("answer-0"), busy.done))];
  for (const name of ["answer-1", "probe-1", "answer-2", "probe-2", "other:answer-3"]) {
    const [group, call] = name.includes(":") ? name.split(":") : ["m", name];
    runs.push(scheduler.run("api", group!, async () => void order.push(call!), undefined, call!.startsWith("probe")));
  }
  busy.open();
  await Promise.all(runs);
  // The model that ran last keeps the lane; within it the probes go first, in the order they came.
  assert.deepEqual(order, ["answer-0", "probe-1", "probe-2", "answer-1", "answer-2", "answer-3"]);
});

test("each refusal takes a slot away, so a burst over the cap finds the cap", async () => {
  const scheduler = new Scheduler({ concurrency: 12 });
  const gates = Array.from({ length: 12 }, gate);
  const runs = gates.map((g) => scheduler.run("api", "m", async () => g.done));
  await new Promise((r) => setImmediate(r));
  // A server with a cap of 8 refuses 4 of the 12 at once.
  for (let i = 0; i < 4; i++) {
    gates[i]!.open();
    await runs[i];
    scheduler.rateLimited("api");
  }
  assert.equal(scheduler.state("api").limit, 8);
  assert.equal(scheduler.state("api").rateLimited, 4);
  gates.forEach((g) => g.open());
  await Promise.all(runs);
  for (let i = 0; i < 10; i++) scheduler.rateLimited("api");
  assert.equal(scheduler.state("api").limit, 1, "never below one");
});

test("Retry-After pauses the lane: a call waits out the pause on the scheduler's clock, not longer", async () => {
  const clock = manualClock();
  const scheduler = new Scheduler({ concurrency: 4, clock });
  scheduler.rateLimited("api", 80);
  assert.equal(scheduler.state("api").limit, 3);
  assert.equal(scheduler.state("api").pausedMs, 80);
  let ran = false;
  const call = scheduler.run("api", "m", async () => void (ran = true));
  await new Promise((r) => setImmediate(r));
  clock.advance(79);
  await new Promise((r) => setImmediate(r));
  assert.equal(ran, false, "still paused at 79 ms");
  assert.equal(scheduler.state("api").queued, 1);
  clock.advance(1);
  await call;
  assert.equal(ran, true);
  assert.equal(scheduler.state("api").pausedMs, 0);
});

test("steady success raises the limit back, one step at a time", () => {
  const scheduler = new Scheduler({ concurrency: 4 });
  for (let i = 0; i < 3; i++) scheduler.rateLimited("api");
  assert.equal(scheduler.state("api").limit, 1);
  for (let i = 0; i < 4; i++) scheduler.succeeded("api");
  assert.equal(scheduler.state("api").limit, 2);
  for (let i = 0; i < 7; i++) scheduler.succeeded("api");
  assert.equal(scheduler.state("api").limit, 2);
  scheduler.succeeded("api");
  assert.equal(scheduler.state("api").limit, 3);
  for (let i = 0; i < 100; i++) scheduler.succeeded("api");
  assert.equal(scheduler.state("api").limit, 4, "never above the maximum");
});

test("a lane can be capped below the default, and a waiting call can be withdrawn", async () => {
  const scheduler = new Scheduler({ concurrency: 4 });
  scheduler.configure("llamacpp", { maxConcurrency: 1 });
  assert.equal(scheduler.state("llamacpp").max, 1);
  const g = gate();
  const running = scheduler.run("llamacpp", "m", async () => g.done);
  const controller = new AbortController();
  let ran = false;
  const waiting = scheduler.run("llamacpp", "m", async () => void (ran = true), controller.signal);
  controller.abort(new Error("cancelled"));
  await assert.rejects(waiting, /cancelled/);
  assert.equal(scheduler.state("llamacpp").queued, 0);
  g.open();
  await running;
  assert.equal(ran, false);
});
