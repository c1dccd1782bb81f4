/**
 * The code cache the command starts through (code-cache.ts): a small bundle of CommonJS files made here, loaded
 * twice (the second time from the cache), damaged, changed and moved to a new build; then the built command
 * itself, run twice on a fresh cache folder.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cliEnv, CLI } from "../testing/cli.js";
import { repoRoot } from "../testing/paths.js";
import { BundleLoader, codeCacheFile } from "./code-cache.js";

const root = mkdtempSync(join(tmpdir(), "auditllm-code-cache-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A bundle of three files (two that require each other, one that is never required) and a file that is not the bundle's. */
function makeBundle(): string {
  const dir = mkdtempSync(join(root, "bundle-"));
  writeFileSync(
    join(dir, "main.cjs"),
    `#!/usr/bin/env node\nconst path = require("node:path");\nconst b = require("./b.cjs");\nconst plain = require("./plain.cjs");\nexports.name = path.basename(__filename) + " in " + path.basename(__dirname);\nexports.twice = (x) => b.double(x);\nexports.plain = plain;\nexports.later = () => require("./lazy.cjs").value;\n`,
  );
  writeFileSync(join(dir, "b.cjs"), `const main = require("./main.cjs");\nexports.double = (x) => 2 * x;\nexports.sawMain = () => typeof main.twice;\n`);
  writeFileSync(join(dir, "lazy.cjs"), "module.exports = { value: this === module.exports ? 42 : -1 };\n");
  writeFileSync(join(dir, "plain.cjs"), "module.exports = typeof require('node:module').Module;\n");
  return dir;
}
const BUNDLE = { build: "test", files: ["main.cjs", "b.cjs", "lazy.cjs"] };

function run(dir: string, cacheFile: string | undefined) {
  const loader = new BundleLoader(dir, BUNDLE, cacheFile);
  const main = loader.load(join(dir, "main.cjs")) as { name: string; twice(x: number): number; plain: string; later(): number };
  return { loader, main };
}

describe("the code cache", () => {
  it("runs the bundle's files as CommonJS, a second time from the cache, loading only what is required", () => {
    const dir = makeBundle();
    const file = join(root, "cache-1", "code", "test", "main-x.bin");
    const first = run(dir, file);
    assert.equal(first.main.name, `main.cjs in ${dir.split("/").at(-1)}`);
    assert.equal(first.main.twice(21), 42, "a circle of requires resolves as node's does");
    assert.equal(first.main.plain, "function", "a file outside the bundle is node's to load");
    assert.deepEqual(first.loader.stats(), { cached: 0, compiled: 2 }, "lazy.cjs is not required yet");
    assert.equal(first.main.later(), 42);
    assert.deepEqual(first.loader.stats(), { cached: 0, compiled: 3 });
    assert.equal(first.loader.save(), true);
    assert.ok(existsSync(file));

    const second = run(dir, file);
    assert.equal(second.main.twice(4), 8);
    assert.equal(second.main.later(), 42);
    assert.deepEqual(second.loader.stats(), { cached: 3, compiled: 0 });
    assert.equal(second.loader.save(), false, "nothing new: the file is not written again");
  });

  it("compiles a file whose source changed, or whose data is damaged, and writes the cache again", () => {
    const dir = makeBundle();
    const file = join(root, "cache-2", "main-x.bin");
    mkdirSync(join(root, "cache-2"));
    run(dir, file).loader.save();
    writeFileSync(join(dir, "b.cjs"), `${readFileSync(join(dir, "b.cjs"), "utf8")}// changed\n`);
    const changed = run(dir, file);
    assert.equal(changed.main.twice(5), 10);
    assert.deepEqual(changed.loader.stats(), { cached: 1, compiled: 1 });
    assert.equal(changed.loader.save(), true);
    assert.deepEqual(run(dir, file).loader.stats(), { cached: 2, compiled: 0 });

    // The same length, one character other: V8 alone would take the old data (it compares lengths).
    writeFileSync(join(dir, "b.cjs"), readFileSync(join(dir, "b.cjs"), "utf8").replace("2 * x", "3 * x"));
    const sameLength = run(dir, file);
    assert.equal(sameLength.main.twice(5), 15);
    assert.deepEqual(sameLength.loader.stats(), { cached: 1, compiled: 1 });
    sameLength.loader.save();

    // One byte of b.cjs's data flipped: its CRC fails, it is compiled; main.cjs's data still serves.
    const bytes = readFileSync(file);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(file, bytes);
    const damaged = run(dir, file);
    assert.equal(damaged.main.twice(6), 18);
    assert.deepEqual(damaged.loader.stats(), { cached: 1, compiled: 1 });

    for (const garbage of [Buffer.from("not a cache"), Buffer.concat([Buffer.from("AUDLCODE"), Buffer.from([255, 255, 255, 255]), Buffer.alloc(64)])]) {
      writeFileSync(file, garbage);
      const fresh = run(dir, file);
      assert.equal(fresh.main.twice(7), 21);
      assert.deepEqual(fresh.loader.stats(), { cached: 0, compiled: 2 });
    }
  });

  it("a run that loads fewer files keeps the others' data, and the same bundle in another folder is served", () => {
    const dir = makeBundle();
    const file = join(root, "cache-4", "main-x.bin");
    mkdirSync(join(root, "cache-4"));
    const all = run(dir, file);
    all.main.later();
    all.loader.save();
    writeFileSync(join(dir, "main.cjs"), `${readFileSync(join(dir, "main.cjs"), "utf8")}// changed\n`);
    const fewer = run(dir, file); // lazy.cjs not loaded this time
    assert.deepEqual(fewer.loader.stats(), { cached: 1, compiled: 1 });
    assert.equal(fewer.loader.save(), true);
    const again = run(dir, file);
    again.main.later();
    assert.deepEqual(again.loader.stats(), { cached: 3, compiled: 0 }, "lazy.cjs's data survived the rewrite");

    // A copy of the bundle (another install of the same build: other paths, other mtimes) reads the same data.
    const copy = mkdtempSync(join(root, "copy-"));
    for (const name of ["main.cjs", "b.cjs", "lazy.cjs", "plain.cjs"]) writeFileSync(join(copy, name), readFileSync(join(dir, name)));
    const other = run(copy, file);
    other.main.later();
    assert.deepEqual(other.loader.stats(), { cached: 3, compiled: 0 });
  });

  it("a new build's cache keeps the three latest other builds' folders, no more; an unwritable folder costs the compile only", () => {
    const dir = makeBundle();
    const cache = join(root, "cache-3");
    for (const [n, age] of [
      [1, 40],
      [2, 30],
      [3, 20],
      [4, 10],
    ] as const) {
      mkdirSync(join(cache, "code", `old-${n}`), { recursive: true });
      writeFileSync(join(cache, "code", `old-${n}`, "main-x.bin"), "old");
      const when = new Date(Date.now() - age * 60_000);
      utimesSync(join(cache, "code", `old-${n}`), when, when);
    }
    new BundleLoader(dir, BUNDLE, join(cache, "code", "test", "main-x.bin"), join(cache, "code")).save();
    const loader0 = new BundleLoader(dir, BUNDLE, join(cache, "code", "test", "main-x.bin"), join(cache, "code"));
    loader0.load(join(dir, "main.cjs"));
    assert.equal(loader0.save(), true);
    assert.deepEqual(readdirSync(join(cache, "code")).sort(), ["old-2", "old-3", "old-4", "test"], "the oldest other build's folder goes");

    // An entry of the builds' folder that cannot be read (a dangling link) prunes nothing, and writes all the same.
    symlinkSync(join(root, "nowhere"), join(cache, "code", "dangling"));
    rmSync(join(cache, "code", "test"), { recursive: true });
    const loader1 = new BundleLoader(dir, BUNDLE, join(cache, "code", "test", "main-x.bin"), join(cache, "code"));
    loader1.load(join(dir, "main.cjs"));
    assert.equal(loader1.save(), true);
    assert.ok(existsSync(join(cache, "code", "test", "main-x.bin")));
    assert.ok(existsSync(dir), "only build folders are removed");

    const blocked = join(root, "blocked");
    writeFileSync(blocked, "a file where the cache folder would be");
    const loader = run(dir, join(blocked, "code", "test", "main-x.bin")).loader;
    assert.equal(loader.save(), false);
  });

  it("names a cache file by entry, command and flags; AUDITLLM_CODE_CACHE=off names none", () => {
    const at = (argv: string[], env: Record<string, string> = {}) => codeCacheFile({ cache: "/c", build: "b1", entry: "main", argv, env });
    assert.match(at(["batch", "q.csv", "-c", "8"])!, /^\/c\/code\/b1\/main-batch-[0-9a-f]{8}\.bin$/);
    assert.match(at(["--help"])!, /\/main-none-/);
    assert.match(at(["../../etc"])!, /\/main-other-/, "no path from the command line");
    assert.notEqual(at(["batch"]), at(["batch"], { AUDITLLM_V8_FLAGS: "--no-use-osr" }), "other flags, other data");
    assert.equal(at(["batch"], { AUDITLLM_CODE_CACHE: "off" }), undefined);
  });

  it("the built command writes its cache on a successful run and reads it on the next, with the same output", () => {
    const env = { ...cliEnv({ AUDITLLM_CODE_CACHE: "debug" }), AUDITLLM_CACHE: mkdtempSync(join(root, "cli-cache-")) };
    const score = () => spawnSync(process.execPath, [CLI, "score", join(repoRoot(), "examples", "nq-open-30.jsonl")], { env, encoding: "utf8" });
    const first = score();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /code cache: 0 file\(s\) from the cache, \d+ compiled, cache written/);
    const second = score();
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /code cache: [1-9]\d* file\(s\) from the cache, 0 compiled\n/);
    assert.equal(second.stdout, first.stdout);
    assert.doesNotMatch(second.stderr, /Warning/);

    const failed = spawnSync(process.execPath, [CLI, "report", "no-such-run"], { env, encoding: "utf8" });
    assert.notEqual(failed.status, 0);
    assert.doesNotMatch(failed.stderr, /cache written/, "a failed run writes no cache");
  });
});
