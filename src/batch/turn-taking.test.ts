import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { describe, it } from "node:test";
import { createMetric } from "../similarity/index.js";
import { takingTurns, turnQueue } from "./turn-taking.js";

/** Holds the thread for `ms`, as a question's scoring does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("turn-taking", () => {
  it("runs one job per turn of the event loop, so an answer that arrives during a job is read before the next job", async () => {
    // The server lives in another process, so it answers while this thread is held by a job.
    const server = spawn(process.execPath, ["-e", 'require("node:net").createServer((s) => s.pipe(s)).listen(0, "127.0.0.1", function () { console.log(this.address().port) })'], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [line] = (await once(server.stdout!, "data")) as [Buffer];
      const socket = connect(Number(String(line).trim()), "127.0.0.1");
      await once(socket, "connect");
      const order: string[] = [];
      const answered = once(socket, "data").then(() => void order.push("answer read"));
      const inTurn = turnQueue();
      const jobs = [1, 2, 3].map((n) =>
        inTurn(async () => {
          order.push(`job ${n}`);
          if (n === 1) {
            // A call goes out, and its answer comes back while this job still holds the thread.
            socket.write("call");
            busy(300);
          }
          return n;
        }),
      );
      assert.deepEqual(await Promise.all(jobs), [1, 2, 3]);
      await answered;
      socket.destroy();
      assert.deepEqual(order, ["job 1", "answer read", "job 2", "job 3"]);
    } finally {
      server.kill();
    }
  });

  it("lets a timer due during a job fire before the next job", async () => {
    const order: string[] = [];
    const inTurn = turnQueue();
    await Promise.all([
      inTurn(async () => {
        setTimeout(() => order.push("timer"), 1);
        busy(30);
        order.push("job 1");
      }),
      inTurn(async () => void order.push("job 2")),
    ]);
    assert.deepEqual(order, ["job 1", "timer", "job 2"]);
  });

  it("lets a commit due in the same turn go before the job (once per job), so the calls it holds are sent first", async () => {
    const order: string[] = [];
    let pending = false;
    // A job's turn is asked for first; then, as when an answer is read, a commit is asked for in the same turn.
    const inTurn = turnQueue({ yieldTo: () => pending });
    const job = inTurn(async () => void order.push("job"));
    pending = true;
    setImmediate(() => {
      pending = false;
      order.push("commit");
      queueMicrotask(() => order.push("calls sent"));
    });
    await job;
    assert.deepEqual(order, ["commit", "calls sent", "job"]);

    // Without the option the job goes first: what the option is for.
    const plain: string[] = [];
    const first = turnQueue()(async () => void plain.push("job"));
    setImmediate(() => plain.push("commit"));
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(plain, ["job", "commit"]);

    // Something always due: each job still runs, in order, a turn late.
    const always = turnQueue({ yieldTo: () => true });
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => always(async () => n))), [1, 2, 3]);
  });

  it("keeps going after a job throws or rejects: each error reaches its own caller only", async () => {
    const inTurn = turnQueue();
    const results = await Promise.allSettled([
      inTurn(() => {
        throw new Error("thrown");
      }),
      inTurn(async () => {
        throw new Error("rejected");
      }),
      inTurn(async () => "fine"),
    ]);
    assert.equal(results[0].status === "rejected" && (results[0].reason as Error).message, "thrown");
    assert.equal(results[1].status === "rejected" && (results[1].reason as Error).message, "rejected");
    assert.deepEqual(results[2], { status: "fulfilled", value: "fine" });
  });

  it("wraps a metric without changing a number it gives, keeping its name and other members", async () => {
    const metric = createMetric("lexical", { cacheDir: tmpdir() });
    const wrapped = takingTurns(metric);
    const texts = ["Paris is the capital of France.", "The capital of France is Paris.", "It is Lyon."];
    assert.equal(wrapped.name, metric.name);
    assert.deepEqual(await wrapped.pairwise(texts), await metric.pairwise(texts));
    assert.deepEqual(await wrapped.cross(texts.slice(0, 1), texts), await metric.cross(texts.slice(0, 1), texts));
    assert.equal(typeof wrapped.support, typeof metric.support);
    if (metric.support && wrapped.support) assert.deepEqual(await wrapped.support(["Paris"], texts), await metric.support(["Paris"], texts));
    if (metric.wordWeight) assert.equal(wrapped.wordWeight?.("capital"), metric.wordWeight("capital"));
  });
});
