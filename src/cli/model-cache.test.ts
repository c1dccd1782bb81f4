/**
 * `auditllm models pull <hub-id>` against a local server that speaks the hub's file-resolve protocol
 * (HF_ENDPOINT pointed at it), then `auditllm models` listing what came down with ids that work.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { cliEnv, runCli } from "../testing/cli.js";
import { tinyLlamaGguf } from "../testing/gguf.js";
import { startFakeHub, type FakeHub } from "../testing/hub-server.js";
import { closedPort } from "../testing/net.js";
import { writeTinyTransformer } from "../testing/tiny-transformer.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-models-cli-"));
const cache = join(dir, "cache");
let hub: FakeHub;
let env: Record<string, string>;

before(async () => {
  const tiny = await writeTinyTransformer(join(dir, "tiny-bert"));
  const files: Record<string, Uint8Array> = { "testuser/tiny-GGUF/tiny.Q4_K_M.gguf": tinyLlamaGguf({ seed: 3 }) };
  const walk = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(folder, e.name)) : [join(folder, e.name)]));
  for (const file of walk(tiny.dir)) files[`testorg/tiny-bert/${relative(tiny.dir, file)}`] = readFileSync(file);
  hub = await startFakeHub(files);
  env = cliEnv({ AUDITLLM_CACHE: cache, HF_ENDPOINT: hub.url });
});
after(() => hub.close());

test("an empty cache says how to get a model", async () => {
  const empty = cliEnv({ AUDITLLM_CACHE: join(dir, "empty") });
  const text = await runCli(["models"], { env: empty });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /No models in .*empty\/models\.\nDownload one with `auditllm models pull <hub-id>`/);
  assert.deepEqual(JSON.parse((await runCli(["models", "--json"], { env: empty })).stdout), []);
});

test("pull downloads a GGUF and an encoder from HF_ENDPOINT; models lists them with ids the commands take", async () => {
  const gguf = await runCli(["models", "pull", "testuser/tiny-GGUF/tiny.Q4_K_M.gguf", "--json"], { env });
  assert.equal(gguf.code, 0, gguf.stderr);
  const llm = JSON.parse(gguf.stdout);
  assert.equal(llm.kind, "llm");
  assert.equal(llm.id, `llamacpp:${llm.path}`);
  assert.ok(llm.path.startsWith(join(cache, "models")), llm.path);
  assert.equal(llm.bytes, tinyLlamaGguf({ seed: 3 }).length);
  assert.ok(
    hub.requests.some((r) => r === "GET /testuser/tiny-GGUF/resolve/main/tiny.Q4_K_M.gguf"),
    hub.requests.join("\n"),
  );

  const bert = await runCli(["models", "pull", "testorg/tiny-bert"], { env });
  assert.equal(bert.code, 0, bert.stderr);
  assert.match(bert.stdout, /^encoder +[\d.]+ MB {2}transformer:testorg\/tiny-bert\n.*testorg\/tiny-bert\n$/);

  const list = await runCli(["models", "--json"], { env });
  assert.deepEqual(
    JSON.parse(list.stdout).map((m: { id: string; kind: string }) => [m.kind, m.id]),
    [
      ["llm", llm.id],
      ["encoder", "transformer:testorg/tiny-bert"],
    ],
  );
  const text = await runCli(["models"], { env });
  assert.match(text.stdout, /llm .* llamacpp:.*tiny\.Q4_K_M\.gguf\n {2}encoder .* transformer:testorg\/tiny-bert\nUse an llm id with --target/);

  // Pulling again asks the hub for no file; the encoder id works as a metric, offline.
  const served = hub.requests.filter((r) => r.includes("/resolve/")).length;
  assert.equal((await runCli(["models", "pull", "testorg/tiny-bert"], { env })).code, 0);
  assert.equal((await runCli(["models", "pull", "testuser/tiny-GGUF/tiny.Q4_K_M.gguf"], { env })).code, 0);
  assert.equal(hub.requests.filter((r) => r.includes("/resolve/")).length, served, "cached models are not fetched again");
  const input = join(dir, "in.jsonl");
  writeFileSync(input, `${JSON.stringify({ responses: ["a big city", "a large town"] })}\n`);
  const scored = await runCli(["score", input, "--metric", "transformer:testorg/tiny-bert"], { env: { ...env, HF_ENDPOINT: "http://127.0.0.1:9/" } });
  assert.equal(scored.code, 0, scored.stderr);
  assert.equal(JSON.parse(scored.stdout).metric, "transformer:testorg/tiny-bert");
});

test("offline, pull fails at once with a message naming the host; a missing repo and a bad id say so", async () => {
  const dead = `http://127.0.0.1:${await closedPort()}/`;
  for (const id of ["testorg/other-bert", "someone/model-GGUF:Q4_K_M"]) {
    const started = Date.now();
    const result = await runCli(["models", "pull", id], { env: { ...env, HF_ENDPOINT: dead } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`Could not reach (Hugging Face at )?${dead.replace(/[.]/g, "\\.")}.*${id.split(":")[0]!.replace(/[./]/g, "\\$&")}`));
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  }
  const missing = await runCli(["models", "pull", "testorg/not-there"], { env });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /testorg\/not-there/);
  const bad = await runCli(["models", "pull", "not a model id"], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /is not a Hugging Face model id/);
});
