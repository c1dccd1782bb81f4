/** Web model ids: a llamacpp: path outside the model cache gets one message whatever is on disk. Pass conditions in the names. */
import assert from "node:assert/strict";
import { join } from "node:path";
import test from "node:test";
import { startTestWebServer } from "../testing/web-server.js";
import { NOT_OFFERED } from "./model-id-schema.js";
import { allowedFromWeb } from "./web-models.js";

test("llamacpp:/etc/passwd and llamacpp:/no/such/file get the same 400 'is not a model this server offers' from /api/probes and /api/audits", async (t) => {
  const web = await startTestWebServer();
  t.after(() => web.close());
  const bodies: string[] = [];
  for (const path of ["/etc/passwd", "/no/such/file.gguf", "../../etc/hosts"]) {
    for (const [route, body] of [
      ["/api/probes", { question: "Why?", prober: `llamacpp:${path}` }],
      ["/api/audits", { question: "Why?", target: `llamacpp:${path}`, probes: [] }],
    ] as const) {
      const response = await fetch(`${web.url}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const text = await response.text();
      assert.equal(response.status, 400, text);
      assert.ok(text.includes(NOT_OFFERED), text);
      assert.doesNotMatch(text, /GGUF|no such file|ENOENT/i);
      bodies.push(text.replaceAll(path, "<path>"));
    }
  }
  assert.equal(new Set(bodies.filter((_, i) => i % 2 === 0)).size, 1, "one message for every path");
});

test("allowedFromWeb: other providers, hub ids and files in the model cache are allowed; other paths are not", () => {
  const env = { AUDITLLM_CACHE: "/srv/cache" };
  assert.ok(allowedFromWeb("ollama:llama3.2", env));
  assert.ok(allowedFromWeb("llamacpp:hf:user/repo:Q4_K_M", env));
  assert.ok(allowedFromWeb(`llamacpp:${join("/srv/cache/models", "m.gguf")}`, env));
  assert.ok(!allowedFromWeb("llamacpp:/srv/cache/models/../../etc/passwd", env));
  assert.ok(!allowedFromWeb("llamacpp:/etc/passwd", env));
});
