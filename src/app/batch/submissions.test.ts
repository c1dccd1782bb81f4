import assert from "node:assert/strict";
import test from "node:test";
import { chunkLines } from "./submissions.js";

const items = (sizes: number[]) => sizes.map((n, i) => ({ i, line: "x".repeat(n) }));

test("requests are split to the provider's limits: at most maxRequests lines and maxBytes bytes (a newline each) per batch, in order", () => {
  assert.deepEqual(
    chunkLines(items([1, 1, 1, 1, 1]), { maxRequests: 2, maxBytes: 1000 }).map((c) => c.map((x) => x.i)),
    [[0, 1], [2, 3], [4]],
  );
  // 9 + 1 bytes: two fit in 20 bytes, a third would not; 10 + 5 + 5 fills 20 exactly.
  assert.deepEqual(
    chunkLines(items([9, 9, 9, 4, 4, 1]), { maxRequests: 100, maxBytes: 20 }).map((c) => c.map((x) => x.i)),
    [[0, 1], [2, 3, 4], [5]],
  );
  assert.deepEqual(chunkLines([], { maxRequests: 1, maxBytes: 1 }), []);
});

test("a single request over the byte limit is refused with its size, not sent", () => {
  assert.throws(() => chunkLines(items([50]), { maxRequests: 10, maxBytes: 20 }), /One request is 51 bytes, over the batch limit of 20 bytes/);
});
