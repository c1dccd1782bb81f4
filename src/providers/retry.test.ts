import assert from "node:assert/strict";
import test from "node:test";
import { ProviderError } from "./errors.js";
import { DEFAULT_RETRY, parseRetryAfter, retryDelayMs } from "./retry.js";

const err = (kind: ConstructorParameters<typeof ProviderError>[0]["kind"], retryAfterMs?: number) => new ProviderError({ kind, message: kind, retryAfterMs });

test("retryable errors back off exponentially with jitter inside [ceiling/2, ceiling]", () => {
  const policy = { maxRetries: 5, maxRateLimitRetries: 0, baseDelayMs: 100, maxDelayMs: 10_000 };
  for (let attempt = 0; attempt < 5; attempt++) {
    const ceiling = 100 * 2 ** attempt;
    assert.equal(
      retryDelayMs(err("server"), attempt, policy, () => 0),
      ceiling / 2,
    );
    assert.equal(
      retryDelayMs(err("server"), attempt, policy, () => 0.999999),
      ceiling,
    );
  }
});

test("Retry-After wins over backoff but is capped", () => {
  assert.equal(retryDelayMs(err("rate-limited", 2500), 0, DEFAULT_RETRY), 2500);
  assert.equal(retryDelayMs(err("rate-limited", 10 * 60_000), 0, DEFAULT_RETRY), DEFAULT_RETRY.maxDelayMs);
});

test("gives up after maxRetries and never retries permanent errors", () => {
  assert.equal(retryDelayMs(err("server"), 3, DEFAULT_RETRY), undefined);
  for (const kind of ["auth", "missing-key", "model-not-found", "bad-request", "cancelled", "unknown-provider"] as const) {
    assert.equal(retryDelayMs(err(kind), 0, DEFAULT_RETRY), undefined, kind);
  }
  for (const kind of ["rate-limited", "server", "timeout", "unreachable", "empty-answer"] as const) {
    assert.notEqual(retryDelayMs(err(kind), 0, DEFAULT_RETRY), undefined, kind);
  }
  assert.equal(retryDelayMs(new Error("plain"), 0, DEFAULT_RETRY), undefined);
});

test("parseRetryAfter reads seconds, HTTP dates and retry-after-ms, case-insensitively", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter({ "Retry-After": "3" }, now), 3000);
  assert.equal(parseRetryAfter({ "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }, now), 7000);
  assert.equal(parseRetryAfter({ "retry-after-ms": "250", "retry-after": "9" }, now), 250);
  assert.equal(parseRetryAfter({ "retry-after": "soon" }, now), undefined);
  assert.equal(parseRetryAfter({ "retry-after": "-1" }, now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test("rate limits (429, 503, 529) have their own, larger budget", () => {
  const policy = { maxRetries: 1, maxRateLimitRetries: 5, baseDelayMs: 1, maxDelayMs: 1 };
  const overloaded = new ProviderError({ kind: "server", status: 503, message: "busy" });
  const broken = new ProviderError({ kind: "server", status: 500, message: "bug" });
  assert.notEqual(retryDelayMs(err("rate-limited"), 4, policy), undefined);
  assert.notEqual(retryDelayMs(overloaded, 4, policy), undefined);
  assert.equal(retryDelayMs(err("rate-limited"), 5, policy), undefined);
  assert.equal(retryDelayMs(broken, 1, policy), undefined);
  assert.notEqual(retryDelayMs(broken, 0, policy), undefined);
});
