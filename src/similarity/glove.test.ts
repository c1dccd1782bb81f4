import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, test } from "node:test";
import { testCacheDir } from "../testing/paths.js";
import { decodeGlove } from "./glove-format.js";
import { gloveCachePath, loadGlove, readOrBuildGlove } from "./glove.js";

const root = join(testCacheDir(), `glove-test-${process.pid}-${Date.now()}`);
mkdirSync(root, { recursive: true });
after(() => rmSync(root, { recursive: true, force: true }));

const WORDS = ["the", "cat", "café", "well-known", "zebra"];
const VECTORS = WORDS.map((_, i) => [i + 0.5, 1 - i, 1 / (i + 1)]);

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
      assert.deepEqual(Array.from(v.matrix.subarray(i * 3, i * 3 + 3)), VECTORS[i]!.map(Math.fround));
    });
    assert.equal(v.indexOf("dog"), -1);
    assert.equal(v.indexOf("caf"), -1);
    assert.equal(v.indexOf(""), -1);
  }
  assert.deepEqual(readdirSync(cacheDir), [basename(file)], "no temp files left behind");
});

test("a truncated, corrupted or foreign cache file is rebuilt, not trusted", () => {
  const { source, cacheDir } = fresh();
  const file = gloveCachePath(cacheDir, source);
  readOrBuildGlove(file, source);
  const good = readFileSync(file);
  const damage: [string, Buffer][] = [
    ["wrong length", good.subarray(0, good.length - 7)],
    ["checksum mismatch", Buffer.concat([good.subarray(0, 80), Buffer.from([good[80]! ^ 0x40]), good.subarray(81)])],
    ["bad magic", Buffer.concat([Buffer.from("NOTGLOVE"), good.subarray(8)])],
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
  const changed = readOrBuildGlove(file, source);
  assert.equal(changed.rejected, "source changed");
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
