/**
 * Downloading `hf:` models for the embedded llama.cpp provider, against a local node:http server
 * that answers like Hugging Face (`/<user>/<repo>/resolve/main/<file>` with ranges, and the
 * `/v2/<user>/<repo>/manifests/<quant>` lookup), plus the offline and no-consent failures.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { tinyLlamaGguf } from "../testing/gguf.js";
import { ProviderError } from "./errors.js";
import { createLlamaCppModel, isLlamaCppModelCached, type LlamaCppOptions } from "./llamacpp.js";
import type { GenerateRequest } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-llamacpp-hf-"));
const gguf = Buffer.from(tinyLlamaGguf({ seed: 11 }));
const requests: string[] = [];
let server: Server;
let endpoint = "";

/** Serves the tiny model as testuser/testrepo/tiny.gguf and testuser/testrepo-GGUF:Q4_K_M. */
function fakeHuggingFace(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): void {
  const path = new URL(req.url!, "http://x").pathname;
  requests.push(`${req.method} ${path}${req.headers.range ? ` ${req.headers.range}` : ""}`);
  if (path === "/v2/testuser/testrepo-GGUF/manifests/Q4_K_M") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ggufFile: { rfilename: "testrepo.Q4_K_M.gguf", size: gguf.length } }));
    return;
  }
  if (path !== "/testuser/testrepo/resolve/main/tiny.gguf" && path !== "/testuser/testrepo-GGUF/resolve/main/testrepo.Q4_K_M.gguf") {
    res.writeHead(path === "/" ? 200 : 404, { "content-type": "text/plain" }).end(path === "/" ? "ok" : "Entry not found");
    return;
  }
  const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
  const start = range ? Number(range[1]) : 0;
  const end = range?.[2] ? Number(range[2]) : gguf.length - 1;
  const headers = { "content-type": "application/octet-stream", "accept-ranges": "bytes", "content-length": end - start + 1 };
  res.writeHead(range ? 206 : 200, range ? { ...headers, "content-range": `bytes ${start}-${end}/${gguf.length}` } : headers);
  res.end(req.method === "HEAD" ? undefined : gguf.subarray(start, end + 1));
}

const options = (cacheDir: string, extra: Partial<LlamaCppOptions> = {}): LlamaCppOptions => ({
  cacheDir,
  gpu: false,
  threads: 1,
  huggingFaceEndpoint: endpoint,
  huggingFaceToken: null,
  ...extra,
});
const spec = (model: string) => ({ id: `llamacpp:${model}`, provider: "llamacpp" as const, model });
const ask: GenerateRequest = { messages: [{ role: "user", content: "Hi" }], maxTokens: 5, temperature: 0.5, seed: 1 };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail("expected a ProviderError"),
    (e: unknown) => {
      assert.ok(e instanceof ProviderError, `not a ProviderError: ${e}`);
      return e;
    },
  );

before(async () => {
  server = createServer(fakeHuggingFace);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

test("downloads an hf: file once with progress, then generates from the cache", async () => {
  const cacheDir = join(dir, "direct");
  const source = "hf:testuser/testrepo/tiny.gguf";
  assert.equal(await isLlamaCppModelCached(source, cacheDir), false);
  requests.length = 0;
  const progress: [number, number][] = [];
  const m = createLlamaCppModel(spec(source), options(cacheDir, { allowDownload: true, onDownloadProgress: (d, t) => progress.push([d, t]) }));
  const both = await Promise.all([m.generate(ask), m.generate(ask)]);
  await m.close!();
  assert.ok(both.every((r) => r.usage.outputTokens === 5));
  assert.equal(both[0]!.text, both[1]!.text);
  assert.equal(requests.filter((r) => r === "HEAD /").length, 1, `two first calls, one load: ${requests}`);
  assert.ok(requests.some((r) => r.startsWith("GET /testuser/testrepo/resolve/main/tiny.gguf")));
  assert.ok(progress.length > 0);
  assert.deepEqual(progress.at(-1), [gguf.length, gguf.length]);
  assert.deepEqual(readdirSync(join(cacheDir, "models")), ["hf_testuser_testrepo_tiny.gguf"]);
  assert.equal(await isLlamaCppModelCached(source, cacheDir), true);

  requests.length = 0;
  const again = createLlamaCppModel(spec(source), options(cacheDir, { allowDownload: false, huggingFaceEndpoint: "http://127.0.0.1:1/" }));
  assert.equal((await again.generate(ask)).text, both[0]!.text);
  await again.close!();
  assert.deepEqual(requests, [], "a cached model needs no network");
});

test("resolves hf:user/repo:quant through the manifest and caches it under that name", async () => {
  const cacheDir = join(dir, "quant");
  const source = "hf:testuser/testrepo-GGUF:Q4_K_M";
  const m = createLlamaCppModel(spec(source), options(cacheDir, { allowDownload: true }));
  assert.equal((await m.generate(ask)).usage.outputTokens, 5);
  await m.close!();
  assert.ok(existsSync(join(cacheDir, "models", "hf_testuser_testrepo.Q4_K_M.gguf")));
  assert.equal(await isLlamaCppModelCached(source, cacheDir), true);
  assert.equal(await isLlamaCppModelCached("hf:testuser/testrepo-GGUF:Q8_0", cacheDir), false);
});

test("without consent an uncached model is not downloaded", async () => {
  requests.length = 0;
  const cacheDir = join(dir, "no-consent");
  const e = await failure(createLlamaCppModel(spec("hf:testuser/testrepo/tiny.gguf"), options(cacheDir)).generate(ask));
  assert.equal(e.kind, "unavailable");
  assert.match(e.message, /not downloaded yet.*--yes/);
  assert.deepEqual(requests, []);
  assert.equal(existsSync(join(cacheDir, "models", "hf_testuser_testrepo_tiny.gguf")), false);
});

test("a missing repository file is model-not-found", async () => {
  const e = await failure(createLlamaCppModel(spec("hf:testuser/testrepo/other.gguf"), options(join(dir, "404"), { allowDownload: true })).generate(ask));
  assert.equal(e.kind, "model-not-found");
  assert.match(e.message, /was not found on Hugging Face.*404/);
});

test("offline, hf: fails fast as unreachable, by option or by HF_ENDPOINT", async () => {
  const started = Date.now();
  const dead = options(join(dir, "offline"), { allowDownload: true, huggingFaceEndpoint: "http://127.0.0.1:1/" });
  const e = await failure(createLlamaCppModel(spec("hf:testuser/testrepo/tiny.gguf"), dead).generate(ask));
  assert.equal(e.kind, "unreachable");
  assert.match(e.message, /Could not reach Hugging Face at http:\/\/127\.0\.0\.1:1\/.*local \.gguf path.*Ollama.*OpenAI-compatible/);

  const saved = process.env.HF_ENDPOINT;
  process.env.HF_ENDPOINT = "http://127.0.0.1:1";
  try {
    const viaEnv = options(join(dir, "offline"), { allowDownload: true, huggingFaceEndpoint: undefined });
    const e2 = await failure(createLlamaCppModel(spec("hf:testuser/testrepo-GGUF:Q4_K_M"), viaEnv).generate(ask));
    assert.equal(e2.kind, "unreachable");
    assert.match(e2.message, /Could not reach Hugging Face at http:\/\/127\.0\.0\.1:1\//);
  } finally {
    if (saved === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = saved;
  }
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});
