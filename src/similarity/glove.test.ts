import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, test } from "node:test";
import { crc32, gzipSync } from "node:zlib";
import { testCacheDir } from "../testing/paths.js";
import { decodeGlove, encodeGlove, FORMAT_VERSION } from "./glove-format.js";
import { defaultGloveSource, gloveCachePath, isGloveCacheBuilt, loadGlove, PREBUILT_GLOVE_DIR, readOrBuildGlove } from "./glove.js";

const root = join(testCacheDir(), `glove-test-${process.pid}-${Date.now()}`);
mkdirSync(root, { recursive: true });
after(() => rmSync(root, { recursive: true, force: true }));

const WORDS = ["the", "cat", "café", "well-known", "zebra"];
const VECTORS = WORDS.map((_, i) => [i + 0.5, 1 - i, 1 / (i + 1)]);

/** Asserts that a rebuilt row is within half a quantization step (scale = max|v| / 127) of the source row. */
function assertCloseRow(actual: Float32Array, expected: number[], message?: string): void {
  assert.equal(actual.length, expected.length, message);
  const halfStep = Math.max(...expected.map(Math.abs)) / 127 / 2;
  expected.forEach((x, d) => assert.ok(Math.abs(actual[d]! - x) <= halfStep * (1 + 1e-6), `${message ?? ""} dim ${d}: ${actual[d]} vs ${x}`));
}

/** A tiny source in the wink format (vector = dims floats, l2 norm, index). */
function fakeSource(dir: string, words = WORDS): string {
  mkdirSync(dir, { recursive: true });
  const vectors = Object.fromEntries(words.map((w, i) => [w, [...VECTORS[i]!, Math.hypot(...VECTORS[i]!), i]]));
  const json = { precision: 8, l2NormIndex: 3, wordIndex: 4, size: words.length, dimensions: 3, words, vectors, unkVector: [0, 0, 0, -1] };
  const path = join(dir, "vectors.json");
  writeFileSync(path, JSON.stringify(json));
  return path;
}

let n = 0;
const fresh = () => {
  const dir = join(root, `case-${n++}`);
  return { source: fakeSource(dir), cacheDir: join(dir, "cache") };
};

test("builds the binary cache on first use, then reloads it with the same vectors", () => {
  const { source, cacheDir } = fresh();
  const file = gloveCachePath(cacheDir, source);
  const first = readOrBuildGlove(file, source);
  assert.equal(first.built, true);
  assert.ok(existsSync(file));
  const second = readOrBuildGlove(file, source);
  assert.equal(second.built, false);
  for (const v of [first.vectors, second.vectors]) {
    assert.equal(v.size, WORDS.length);
    assert.equal(v.dims, 3);
    WORDS.forEach((w, i) => {
      assert.equal(v.indexOf(w), i);
      assert.equal(v.word(i), w);
      assertCloseRow(v.vector(i), VECTORS[i]!, w);
    });
    assert.equal(v.indexOf("dog"), -1);
    assert.equal(v.indexOf("caf"), -1);
    assert.equal(v.indexOf(""), -1);
  }
  assert.deepEqual(readdirSync(cacheDir), [basename(file)], "no temp files left behind");
});

test("addTo adds weight × the rebuilt row, and the row's largest value survives exactly", () => {
  const { source, cacheDir } = fresh();
  const v = readOrBuildGlove(gloveCachePath(cacheDir, source), source).vectors;
  const out = Float32Array.of(1, 2, 3);
  v.addTo(out, 4, 0.5);
  v.addTo(out, 1, -2);
  const [zebra, cat] = [v.vector(4), v.vector(1)];
  out.forEach((x, d) => assert.ok(Math.abs(x - (1 + d + 0.5 * zebra[d]! - 2 * cat[d]!)) < 1e-5, `dim ${d}`));
  assert.equal(zebra[0], Math.fround(4.5), "q = ±127 rebuilds max|v| up to Float32 rounding");
  assert.throws(() => v.addTo(out, WORDS.length, 1), RangeError);
  assert.throws(() => v.vector(-1), RangeError);
});

test("quantization: zero rows, tiny and huge magnitudes, and the tolerance over many random rows", () => {
  const dims = 8;
  const rows = [new Array(dims).fill(0), new Array(dims).fill(1e-30).map((x, d) => (d % 2 ? -x : x)), [1e30, -1e30, 5e29, 0, 1, -1, 3e29, -2.5e29]];
  let seed = 12345;
  const random = () => ((seed = Math.imul(seed ^ (seed >>> 15), 2246822519) ^ (seed << 13)) >>> 0) / 2 ** 32 - 0.5;
  for (let i = 0; i < 200; i++) rows.push(Array.from({ length: dims }, () => random() * 10));
  const words = rows.map((_, i) => `w${i}`);
  const matrix = Float32Array.from(rows.flat());
  const decoded = decodeGlove(encodeGlove({ dims, words, matrix }, 0));
  assert.ok(!("invalid" in decoded));
  rows.forEach((r, i) => assertCloseRow(decoded.index.vector(i), Array.from(matrix.subarray(i * dims, (i + 1) * dims)), `row ${i}`));
  assert.deepEqual(Array.from(decoded.index.vector(0)), new Array(dims).fill(0));
  assert.throws(() => encodeGlove({ dims: 2, words: ["x"], matrix: Float32Array.of(1, Number.NaN) }, 0), /non-finite/);
});

test("the cache is 4-byte aligned and about a quarter of the Float32 size", () => {
  const dims = 100;
  const words = Array.from({ length: 1000 }, (_, i) => `word${i}`);
  const bytes = encodeGlove({ dims, words, matrix: new Float32Array(words.length * dims).fill(0.25) }, 0);
  assert.ok(bytes.length < (words.length * dims * 4) / 3, String(bytes.length));
  const odd = encodeGlove({ dims: 3, words: ["a", "bb", "ccc"], matrix: new Float32Array(9).fill(-1) }, 0); // 9 Int8 bytes: padded
  const copy = Buffer.alloc(odd.length + 1).subarray(1); // a misaligned view is copied, not rejected
  odd.copy(copy);
  const decoded = decodeGlove(copy);
  assert.ok(!("invalid" in decoded));
  assert.deepEqual(Array.from(decoded.index.vector(2)), [-1, -1, -1]);
  assert.equal(decoded.index.indexOf("bb"), 1);
});

test("the cache file name carries the format version", () => {
  const { source, cacheDir } = fresh();
  assert.ok(basename(gloveCachePath(cacheDir, source)).endsWith(`.f${FORMAT_VERSION}.bin`));
});

test("a truncated, corrupted or foreign cache file is rebuilt, not trusted", () => {
  const { source, cacheDir } = fresh();
  const file = gloveCachePath(cacheDir, source);
  readOrBuildGlove(file, source);
  const good = readFileSync(file);
  const damage: [string, Buffer][] = [
    ["wrong length", good.subarray(0, good.length - 7)],
    // A header whose table would be 4 GiB: refused by its length, never allocated.
    ["wrong length", Buffer.concat([good.subarray(0, 32), Buffer.from([0, 0, 0, 0x40]), good.subarray(36)])],
    ["checksum mismatch", Buffer.concat([good.subarray(0, 80), Buffer.from([good[80]! ^ 0x40]), good.subarray(81)])],
    ["bad magic", Buffer.concat([Buffer.from("NOTGLOVE"), good.subarray(8)])],
    ["other format version", Buffer.concat([good.subarray(0, 8), Buffer.from([FORMAT_VERSION - 1, 0, 0, 0]), good.subarray(12)])],
    ["shorter than its header", Buffer.from("junk")],
  ];
  for (const [reason, bytes] of damage) {
    writeFileSync(file, bytes);
    const load = readOrBuildGlove(file, source);
    assert.equal(load.built, true, reason);
    assert.equal(load.rejected, reason);
    assert.equal(load.vectors.indexOf("zebra"), 4);
    assert.ok(readFileSync(file).equals(good), `${reason}: the rebuilt file is the original`);
  }
});

test("a changed source is noticed; a valid cache is used when the source is gone", () => {
  const { source, cacheDir } = fresh();
  const file = gloveCachePath(cacheDir, source);
  readOrBuildGlove(file, source);
  fakeSource(join(source, ".."), [...WORDS.slice(0, 4)]);
  const openFiles = () => (existsSync("/proc/self/fd") ? readdirSync("/proc/self/fd").length : 0);
  const before = openFiles();
  const changed = readOrBuildGlove(file, source);
  assert.equal(changed.rejected, "source changed");
  assert.equal(openFiles(), before, "the stale cache's file is closed (the rebuilt cache is read from memory)");
  assert.equal(changed.vectors.size, 4);
  rmSync(source);
  assert.equal(readOrBuildGlove(file, source).built, false);
  rmSync(file);
  assert.throws(() => readOrBuildGlove(file, source), /no usable cache/);
});

test("loadGlove is memoized per cache file", () => {
  const { source, cacheDir } = fresh();
  const a = loadGlove({ cacheDir, sourcePath: source });
  assert.equal(loadGlove({ cacheDir, sourcePath: source }), a);
});

test("two processes building the same cache at once both succeed and leave one valid file", async () => {
  const { source, cacheDir } = fresh();
  const file = gloveCachePath(cacheDir, source);
  const moduleUrl = new URL("./glove.js", import.meta.url).href;
  const code = `const { readOrBuildGlove } = await import(${JSON.stringify(moduleUrl)});
    const r = readOrBuildGlove(${JSON.stringify(file)}, ${JSON.stringify(source)});
    process.stdout.write(String(r.vectors.indexOf("zebra")));`;
  const run = () =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", code]);
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("close", (status) => (status === 0 ? resolve(out) : reject(new Error(out))));
    });
  assert.deepEqual(await Promise.all([run(), run(), run()]), ["4", "4", "4"]);
  assert.ok(!("invalid" in decodeGlove(readFileSync(file))));
  assert.deepEqual(readdirSync(cacheDir).length, 1);
  assert.ok(statSync(file).size > 0);
});

test("a cache folder without its own file reads the package's prebuilt cache in place; a bad prebuilt one is ignored", () => {
  const { source, cacheDir } = fresh();
  const prebuiltDir = join(cacheDir, "..", "prebuilt");
  const prebuilt = gloveCachePath(prebuiltDir, source);
  readOrBuildGlove(prebuilt, source);
  const file = gloveCachePath(cacheDir, source);
  const load = readOrBuildGlove(file, source, prebuilt);
  assert.deepEqual([load.built, load.prebuilt], [false, true]);
  assert.equal(load.vectors.indexOf("zebra"), 4);
  assert.ok(!existsSync(file), "nothing is written to the cache folder");
  writeFileSync(prebuilt, "junk");
  const rebuilt = readOrBuildGlove(file, source, prebuilt);
  assert.deepEqual([rebuilt.built, rebuilt.prebuilt], [true, undefined]);
  assert.ok(existsSync(file));
});

test("the package build leaves a valid cache of the installed vectors in dist/glove/, so a first run only opens it", () => {
  const source = defaultGloveSource();
  const prebuilt = gloveCachePath(PREBUILT_GLOVE_DIR, source);
  assert.ok(existsSync(prebuilt), `${prebuilt} (npm run build writes it)`);
  const decoded = decodeGlove(readFileSync(prebuilt));
  assert.ok(!("invalid" in decoded), "valid");
  assert.equal(decoded.sourceBytes, statSync(source).size, "built from the installed JSON");
  assert.ok(isGloveCacheBuilt(join(root, "empty-cache-folder")), "an empty cache folder counts as ready");
  assert.equal(isGloveCacheBuilt(join(root, "empty-cache-folder"), null), false);
});

test("the cache's checksums are CRC-32s: the head's over its header fields and everything up to the blocks, each block's over its bytes (a stored gzip ends with the same value: the fallback of Node < 20.15)", () => {
  const { source, cacheDir } = fresh();
  const file = gloveCachePath(cacheDir, source);
  readOrBuildGlove(file, source);
  const bytes = readFileSync(file);
  // The layout, derived here from the header on its own (see glove-format.ts).
  const [dims, count, vocabBytes, tableSize, blockRows] = [12, 16, 20, 32, 40].map((o) => bytes.readUInt32LE(o)) as [number, number, number, number, number];
  const crcs = 64 + (count + 1) * 4 + tableSize * 4;
  const blocks = Math.ceil((crcs + Math.ceil(count / blockRows) * 4 + vocabBytes) / 4) * 4;
  assert.equal(bytes.length, blocks + count * (4 + dims));
  const head = Buffer.concat([bytes.subarray(8, 36), bytes.subarray(40, blocks)]);
  assert.equal(bytes.readUInt32LE(36), crc32(head));
  assert.equal(bytes.readUInt32LE(crcs), crc32(bytes.subarray(blocks)), "one block: the whole rest of the file");
  const gzip = gzipSync(head, { level: 0 });
  assert.equal(gzip.readUInt32LE(gzip.length - 8), crc32(head));
});

test("a load reads the head only: a damaged block is found when its rows are first used, and the cache is rebuilt from the source", async () => {
  const { source, cacheDir } = fresh();
  const file = gloveCachePath(cacheDir, source);
  readOrBuildGlove(file, source);
  const good = readFileSync(file);
  const damaged = Buffer.from(good);
  damaged[damaged.length - 2]! ^= 0x40; // a value of the last row
  writeFileSync(file, damaged);
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on("warning", onWarning);
  try {
    const load = readOrBuildGlove(file, source);
    assert.equal(load.built, false, "the head is intact: the file is used");
    assert.equal(load.vectors.indexOf("zebra"), 4);
    assertCloseRow(load.vectors.vector(4), VECTORS[4]!, "the damaged row, read from the rebuilt cache");
    assertCloseRow(load.vectors.vector(0), VECTORS[0]!);
    assert.ok(readFileSync(file).equals(good), "the rebuilt file is the original");
    await new Promise((resolve) => setImmediate(resolve));
    assert.match(warnings.join("\n"), /GloVe cache .* is corrupt \(block 0 fails its checksum\); rebuilding it/);
  } finally {
    process.off("warning", onWarning);
  }
  writeFileSync(file, damaged);
  const orphan = readOrBuildGlove(file, source);
  rmSync(source);
  assert.throws(() => orphan.vectors.vector(4), /corrupt \(block 0 fails its checksum\) and there is no source/);
});
