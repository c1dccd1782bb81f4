import assert from "node:assert/strict";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeTinyTransformer, type TinyTransformer } from "../testing/tiny-transformer.js";
import { TRANSFORMERS_PACKAGE } from "./transformer-model.js";
import { createBertScoreMetric, createTransformerMetric, type BertScore } from "./transformer.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-transformer-"));
const cacheDir = join(dir, "cache");
let tiny: TinyTransformer;

/** Every outgoing connection (net sockets and fetch requests) while a test runs. */
const connections: string[] = [];
const onSocket = () => connections.push("net.client.socket");
const onFetch = (message: unknown) => connections.push(`fetch ${String((message as { request?: { origin?: unknown } }).request?.origin)}`);

before(async () => {
  tiny = await writeTinyTransformer(join(dir, "tiny"));
  subscribe("net.client.socket", onSocket);
  subscribe("undici:request:create", onFetch);
});

after(() => {
  unsubscribe("net.client.socket", onSocket);
  unsubscribe("undici:request:create", onFetch);
  rmSync(dir, { recursive: true, force: true });
});

// ---- hand computations from the tiny model's embedding table ----

/** Token ids of a hand-tokenised text: [CLS] tokens… [SEP]. */
function ids(tokens: string): number[] {
  return ["[CLS]", ...tokens.split(" "), "[SEP]"].map((t) => tiny.id(t));
}

function normalized(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function dot(x: number[], y: number[]): number {
  return x.reduce((s, xi, i) => s + xi * y[i]!, 0);
}

/** sentence-transformers' embedding: mean of all token rows ([CLS]/[SEP] included), normalised. */
function sentenceVector(tokenIds: number[]): number[] {
  const dim = tiny.embeddings[0]!.length;
  const sum = new Array<number>(dim).fill(0);
  for (const id of tokenIds) tiny.embeddings[id]!.forEach((x, k) => (sum[k] += x));
  return normalized(sum);
}

/** BERTScore by the definition: drop [CLS]/[SEP], unit rows, greedy max cosine, (idf-)weighted means. */
function handBertScore(cand: number[], ref: number[], weight: (id: number) => number = () => 1): BertScore {
  const inner = (t: number[]) => t.slice(1, -1);
  const c = inner(cand);
  const r = inner(ref);
  const vec = (id: number) => normalized([...tiny.embeddings[id]!]);
  const side = (from: number[], to: number[]) => {
    const w = from.map(weight);
    const total = w.reduce((a, b) => a + b, 0);
    return from.reduce((s, id, i) => s + (w[i]! / total) * Math.max(...to.map((o) => dot(vec(id), vec(o)))), 0);
  };
  const precision = side(c, r);
  const recall = side(r, c);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

function near(actual: number, expected: number, what: string, tolerance = 1e-5): void {
  assert.ok(Math.abs(actual - expected) < tolerance, `${what}: ${actual} vs ${expected}`);
}

const PARIS = "Paris is the capital of France.";
const PARIS_TOKENS = "paris is the capital of france .";
const BERLIN = "Berlin is the capital of Germany.";
const BERLIN_TOKENS = "berlin is the capital of germany .";
const CAT = "The cat sleeps";
const CAT_TOKENS = "the cat sleeps";

// ---- transformer: ----

test("transformer: cosine of mean-pooled, normalised token states, as computed from the embedding table", async () => {
  connections.length = 0;
  const metric = createTransformerMetric({ model: tiny.dir, cacheDir });
  assert.equal(metric.name, `transformer:${tiny.dir}`);
  const m = await metric.pairwise([PARIS, BERLIN, CAT]);
  const v = [PARIS_TOKENS, BERLIN_TOKENS, CAT_TOKENS].map((t) => sentenceVector(ids(t)));
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) near(m[i]![j]!, i === j ? 1 : dot(v[i]!, v[j]!), `${i},${j}`);
    assert.equal(m[i]![i], 1);
  }
  assert.deepEqual(
    m,
    m.map((row, i) => row.map((_, j) => m[j]![i]!)),
    "symmetric",
  );
  assert.deepEqual(connections, [], "no network");
});

test("transformer: the same words score 1, shared words beat none, synonyms beat unrelated words", async () => {
  const metric = createTransformerMetric({ model: tiny.dir, cacheDir });
  const [row] = await metric.cross(
    ["The big city"],
    [
      "the BIG city", // same tokens after lower-casing
      "the big dog", // shares two words
      "a red sky", // shares none
      "the large town", // synonyms
      "the blue water", // as many shared words, no synonyms
    ],
  );
  const [same, twoShared, none, synonyms, unrelated] = row!;
  near(same!, 1, "same tokens");
  assert.ok(twoShared! > none!, `${twoShared} > ${none}`);
  assert.ok(synonyms! > unrelated! + 0.1, `${synonyms} > ${unrelated}`);
});

test("transformer: agrees with transformers.js's own feature-extraction pipeline (mean pooling, normalize)", async () => {
  const { pipeline } = (await import(TRANSFORMERS_PACKAGE)) as {
    pipeline: (task: string, model: string, options: object) => Promise<(texts: string[], options: object) => Promise<{ tolist(): number[][] }>>;
  };
  const extractor = await pipeline("feature-extraction", tiny.dir, { local_files_only: true, dtype: "fp32" });
  const [a, b] = (await extractor([PARIS, CAT], { pooling: "mean", normalize: true })).tolist();
  const metric = createTransformerMetric({ model: tiny.dir, cacheDir });
  near((await metric.cross([PARIS], [CAT]))[0]![0]!, dot(a!, b!), "cosine");
});

test("transformer: each distinct text is encoded once per call, in batches; nothing loads before the first call", async () => {
  const batches: number[][] = [];
  let imports = 0;
  const importer = async () => {
    imports++;
    const lib = await import(TRANSFORMERS_PACKAGE);
    const from_pretrained = async (...args: unknown[]) => {
      const model = await lib.AutoModel.from_pretrained(...args);
      return (inputs: { input_ids: { dims: number[] } }) => {
        batches.push(inputs.input_ids.dims);
        return model(inputs);
      };
    };
    return { ...lib, AutoModel: { from_pretrained } };
  };
  // Its own cache folder, so the spied model is not the one the other tests share.
  const metric = createTransformerMetric({ model: tiny.dir, cacheDir: join(dir, "spy-cache"), batchSize: 2, importer });
  assert.equal(imports, 0);
  assert.deepEqual(await metric.pairwise([]), []);
  assert.equal(imports, 0, "empty input loads nothing");
  const texts = ["a cat", "the dog", "a cat", "the red sky is blue", "paris", "the dog"];
  const m = await metric.cross(texts, ["the dog", "water"]);
  assert.equal(imports, 1);
  assert.deepEqual(
    batches.map((d) => d[0]),
    [2, 2, 1],
    "5 distinct texts in batches of 2",
  );
  assert.deepEqual(m[0], m[2]);
  assert.equal(m[1]![0], 1);
});

// ---- bertscore: ----

test("bertscore: precision, recall and F1 match a hand computation from the embedding table", async () => {
  connections.length = 0;
  const metric = createBertScoreMetric({ model: tiny.dir, cacheDir });
  assert.equal(metric.name, `bertscore:${tiny.dir}`);
  const candidate = "The big cat sleeps in Paris";
  const reference = "A large dog runs to the city";
  const expected = handBertScore(ids("the big cat sleeps in paris"), ids("a large dog runs to the city"));
  const got = await metric.bertScore(candidate, reference);
  near(got.precision, expected.precision, "precision");
  near(got.recall, expected.recall, "recall");
  near(got.f1, expected.f1, "f1");
  assert.ok(got.precision > 0 && got.precision < 1 && got.recall !== got.precision);
  const [[f1]] = (await metric.cross([candidate], [reference])) as [[number]];
  near(f1, expected.f1, "cross gives F1");
  assert.deepEqual(connections, [], "no network");
});

test("bertscore: a sentence inside a longer text is fully recalled, with lower precision", async () => {
  const metric = createBertScoreMetric({ model: tiny.dir, cacheDir });
  const longer = `${PARIS} The Seine flows through the city.`;
  const s = await metric.bertScore(longer, PARIS);
  near(s.recall, 1, "recall");
  assert.ok(s.precision < 0.9, `precision ${s.precision}`);
  const expected = handBertScore(ids(`${PARIS_TOKENS} the seine flows through the city .`), ids(PARIS_TOKENS));
  near(s.precision, expected.precision, "precision");
  // Swapped roles swap precision and recall.
  const t = await metric.bertScore(PARIS, longer);
  near(t.precision, s.recall, "P ↔ R");
  near(t.recall, s.precision, "R ↔ P");
});

test("bertscore: pairwise is symmetric F1 with 1 on the diagonal; unknown words are tokens, an empty text scores 0", async () => {
  const metric = createBertScoreMetric({ model: tiny.dir, cacheDir });
  const texts = [PARIS, BERLIN, CAT, "zebras quickly", ""];
  const m = await metric.pairwise(texts);
  for (let i = 0; i < texts.length; i++) {
    assert.equal(m[i]![i], 1);
    for (let j = 0; j < texts.length; j++) assert.equal(m[i]![j], m[j]![i]);
  }
  near(m[0]![1]!, handBertScore(ids(PARIS_TOKENS), ids(BERLIN_TOKENS)).f1, "paris/berlin");
  assert.ok(m[0]![1]! > m[0]![2]!, "sentences sharing words score higher");
  near(m[3]![0]!, handBertScore(ids("[UNK] [UNK]"), ids(PARIS_TOKENS)).f1, "[UNK] is kept as a token");
  assert.deepEqual([m[4]![0], m[4]![3]], [0, 0]);
});

test("bertscore: idf weights (over the texts of the call, +1 smoothing) change the scores as computed by hand", async () => {
  const plain = createBertScoreMetric({ model: tiny.dir, cacheDir });
  const weighted = createBertScoreMetric({ model: tiny.dir, cacheDir, idf: true });
  const texts = [PARIS, BERLIN, "Paris is a big city"];
  const tokens = [PARIS_TOKENS, BERLIN_TOKENS, "paris is a big city"].map(ids);
  const docs = tokens.map((t) => t.slice(1, -1));
  const idf = (id: number) => Math.log((docs.length + 1) / (docs.filter((d) => d.includes(id)).length + 1));
  const m = await weighted.pairwise(texts);
  const p = await plain.pairwise(texts);
  for (const [i, j] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const) {
    near(m[i]![j]!, handBertScore(tokens[i]!, tokens[j]!, idf).f1, `idf ${i},${j}`);
    near(p[i]![j]!, handBertScore(tokens[i]!, tokens[j]!).f1, `plain ${i},${j}`);
    assert.ok(Math.abs(m[i]![j]! - p[i]![j]!) > 0.01, `idf changes ${i},${j}`);
  }
  // "is" is in every text: idf 0, so it no longer counts; Paris/Berlin now differ more.
  assert.ok(m[0]![1]! < p[0]![1]!);
  const s = await weighted.bertScores([PARIS], [BERLIN, PARIS]);
  near(s[0]![0]!.f1, handBertScore(tokens[0]!, tokens[1]!, (id) => Math.log(3 / (docs.slice(0, 2).filter((d) => d.includes(id)).length + 1))).f1, "idf over this call's two texts");
  near(s[0]![1]!.f1, 1, "same text");
});

// ---- loading and errors ----

test("a missing local folder, or one without the ONNX file, is a clear error", async () => {
  const missing = createTransformerMetric({ model: join(dir, "nowhere"), cacheDir });
  await assert.rejects(missing.pairwise(["a", "b"]), /folder .*nowhere does not exist.*config\.json.*onnx\/model\.onnx/);
  const partial = await writeTinyTransformer(join(dir, "partial"));
  rmSync(join(partial.dir, "onnx"), { recursive: true });
  await assert.rejects(createBertScoreMetric({ model: partial.dir, cacheDir }).pairwise(["a", "b"]), /lacks onnx\/model\.onnx/);
});

test("an unknown hub id offline says how to get the model, and touches no network", async () => {
  connections.length = 0;
  const metric = createBertScoreMetric({ model: "sentence-transformers/all-mpnet-base-v2", cacheDir });
  await assert.rejects(metric.pairwise(["a", "b"]), (error: Error) => {
    assert.match(error.message, /sentence-transformers\/all-mpnet-base-v2 is not in /);
    assert.ok(error.message.includes(join(cacheDir, "sentence-transformers", "all-mpnet-base-v2")), error.message);
    assert.match(error.message, /allowRemote/);
    assert.match(error.message, /Xenova\/all-mpnet-base-v2/);
    return true;
  });
  assert.deepEqual(connections, [], "no network");
});

test("without @huggingface/transformers the error names the package and how to install it", async () => {
  const metric = createTransformerMetric({
    model: tiny.dir,
    cacheDir: join(dir, "no-package"),
    importer: () => import("@huggingface/transformers-that-is-not-installed" as string),
  });
  await assert.rejects(metric.pairwise(["a", "b"]), /optional package @huggingface\/transformers.*npm i -E -O @huggingface\/transformers@/);
});

/** A stand-in for the hub: serves the tiny model's files at /<id>/resolve/main/<file>. */
async function fakeHub(id: string, folder: string): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const prefix = `/${id}/resolve/main/`;
    const file = req.url?.startsWith(prefix) ? join(folder, decodeURIComponent(req.url.slice(prefix.length))) : "";
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { "content-length": body.length, "content-type": "application/octet-stream" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests };
}

test("with allowRemote a hub model is downloaded once into <cache>/<id>, then loads offline from there", async () => {
  const hubCache = join(dir, "hub-cache");
  const id = "test-org/tiny-bert";
  const hub = await fakeHub(id, tiny.dir);
  try {
    const offline = createTransformerMetric({ model: id, cacheDir: hubCache });
    await assert.rejects(offline.pairwise([PARIS, CAT]), /allowRemote/);
    assert.deepEqual(hub.requests, [], "offline asks nothing");
    const online = createTransformerMetric({ model: id, cacheDir: hubCache, allowRemote: true, remoteHost: hub.url });
    const expected = await createTransformerMetric({ model: tiny.dir, cacheDir }).pairwise([PARIS, CAT]);
    assert.deepEqual(await online.pairwise([PARIS, CAT]), expected);
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"]) {
      assert.ok(existsSync(join(hubCache, id, f)), `${f} cached`);
    }
    const served = hub.requests.length;
    assert.ok(served >= 4);
    connections.length = 0;
    const cached = createBertScoreMetric({ model: id, cacheDir: hubCache });
    near((await cached.pairwise([PARIS, CAT]))[0]![1]!, handBertScore(ids(PARIS_TOKENS), ids(CAT_TOKENS)).f1, "from the cache");
    assert.equal(hub.requests.length, served, "the cached copy needs no request");
    assert.deepEqual(connections, [], "no network");
  } finally {
    hub.server.close();
  }
});
