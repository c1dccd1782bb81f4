/**
 * Starts the bundled command (scripts/bundle-cli.mjs: CommonJS files in dist/cli/) through V8's code cache,
 * so a run does not parse and compile the command's code again: a 300-question batch spent about 5% of its
 * instructions there, a one-question run a fifth (README, Speed). Node 20 caches no code of its own for
 * user modules (`module.enableCompileCache` came in Node 22, and covers no ES module before it), so the
 * bundle's files are compiled here with `vm.Script`, given the cached data of an earlier run.
 *
 * The cache lives in `<cache>/code/<build>/` (the cache folder of config/paths.ts), one file per entry,
 * command and set of V8 flags, since V8 refuses data made under other flags: `main-batch-1a2b3c4d.bin` holds
 * the data of every bundle file a `batch` run loaded, each with its data's CRC-32 and its source's size and
 * CRC-32 (V8 checks its own version, its flags and the source's length, neither the source's bytes nor its
 * own: in a test it ran damaged data, and it takes data made for other source of the same length). A run that finds no usable data
 * for a file it loads writes the entry's file again as it exits, if it exits with 0: the first successful
 * run of each command fills it, later ones read it. A build writing its folder removes all but the three
 * most recently written folders of other builds. Writing never fails a run (a read-only cache folder only
 * costs the compile), and AUDITLLM_CODE_CACHE=off has node load the bundle as any CommonJS, reading and
 * writing nothing.
 *
 * The bundle's files see what node gives a CommonJS module (exports, require, module, __filename,
 * __dirname); `require` of another bundle file comes back here, anything else is node's. They must hold no
 * `import()`: code compiled by `vm.Script` may not import (node would need an experimental flag, or warn), so
 * the bundler routes the packages imported at run time through a plain file node loads (import-package.cjs).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import * as zlib from "node:zlib";
import { cacheDir } from "../config/paths.js";
import { tuneJit } from "./jit.js";

/** What the bundler writes into each entry's starter: the build's id and the files the code cache covers. */
export interface BundleInfo {
  /** A hash of every bundle file: a new build never reads an old build's cache. */
  build: string;
  /** The bundle's files (names in the entry's folder), compiled through the cache; others are node's to load. */
  files: readonly string[];
}

export interface CodeCacheOptions {
  /** The entry's name, part of its cache file's name ("main", "run-process"). */
  entry: string;
  /** Set the command's JIT flags first (cli/jit.ts): V8 refuses data made under other flags, so before any compile. */
  jit?: boolean;
  env?: Record<string, string | undefined>;
}

export interface CodeCacheStats {
  /** Files whose compile was served by the cache. */
  cached: number;
  /** Files compiled from their source (no data, stale data, or data V8 refused). */
  compiled: number;
}

const MAGIC = "AUDLCODE";

/** CRC-32 by zlib (node 20.15 and later; before, no code cache: its data would go unchecked). */
const crc32 = zlib.crc32 as ((data: Uint8Array) => number) | undefined;

interface Entry {
  size: number;
  /** CRC-32 of the source the data was made from (V8 itself compares lengths only). */
  source: number;
  data: Buffer;
}

/** A file's record in a cache file's header; its data follows the header, in the header's order. */
interface Stored {
  name: string;
  size: number;
  /** CRC-32 of the file's source. */
  source: number;
  /** CRC-32 of the data. */
  crc: number;
  length: number;
}

interface Loaded {
  script: Script;
  size: number;
  source: number;
  /** Compiled from source: the cache's data for it is to be made. */
  fresh: boolean;
}

/** A 32-bit FNV-1a hash, hex: the V8 flags and node a cache file was made under, in its name. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The command a run serves (the first argument that is not an option), as part of a file name. */
function commandOf(argv: readonly string[]): string {
  const command = argv.find((arg) => !arg.startsWith("-")) ?? "none";
  return /^[a-z][a-z0-9-]{0,30}$/.test(command) ? command : "other";
}

/** Reads an entry's cache file: file name → its data; empty when absent or damaged. */
function readCacheFile(path: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return entries;
  }
  try {
    if (bytes.toString("latin1", 0, 8) !== MAGIC) return entries;
    const headerLength = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString("utf8", 12, 12 + headerLength)) as Stored[];
    let at = 12 + headerLength;
    for (const { name, size, source, crc, length } of header) {
      const data = bytes.subarray(at, at + length);
      at += length;
      if (data.length === length && crc32!(data) === crc) entries.set(name, { size, source, data });
    }
  } catch {
    entries.clear(); // a damaged header: compile everything, the exit writes it again
  }
  return entries;
}

/**
 * Writes an entry's cache file whole (a temporary file renamed over it: a reader sees the old or the new): the
 * data of the files this run loaded, and what the file held for others (a run that loads other chunks, as
 * `serve` does feature by feature, does not drop theirs).
 */
function writeCacheFile(path: string, files: Map<string, Loaded>, kept: Map<string, Entry>): void {
  const header: Stored[] = [];
  const blobs: Buffer[] = [];
  for (const [name, { script, size, source }] of files) {
    const data = script.createCachedData();
    header.push({ name, size, source, crc: crc32!(data), length: data.length });
    blobs.push(data);
  }
  for (const [name, { size, source, data }] of kept) {
    if (files.has(name)) continue;
    header.push({ name, size, source, crc: crc32!(data), length: data.length });
    blobs.push(data);
  }
  const head = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(MAGIC, "latin1"), length, head, ...blobs]));
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true }); // a full disk leaves no half file behind
    throw error;
  }
}

/** Builds' folders kept besides the one being written: two installed versions used in turns keep both theirs. */
const OTHER_BUILDS_KEPT = 3;

/** Removes the build folders beyond the most recently written few (an upgrade leaves its old build's behind once). */
function pruneBuilds(builds: string, current: string): void {
  const others: { name: string; mtime: number }[] = [];
  for (const name of readdirSync(builds)) {
    if (name === current) continue;
    const mtime = statSync(join(builds, name), { throwIfNoEntry: false })?.mtimeMs; // another process may prune too
    if (mtime !== undefined) others.push({ name, mtime });
  }
  others.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of others.slice(OTHER_BUILDS_KEPT)) {
    try {
      rmSync(join(builds, name), { recursive: true, force: true });
    } catch {
      // another build's folder we may not remove: it stays, ours is written all the same
    }
  }
}

/** The CommonJS wrapper node gives a module (one line, so line numbers in stack traces hold). */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!.*/, "")}\n})`;

/**
 * The bundle's files as CommonJS modules compiled through the code cache: `load(file)` runs a file once and
 * returns its exports; `save()` writes the cache if a file was compiled from source.
 */
export class BundleLoader {
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly loaded = new Map<string, Loaded>();
  private readonly known: Map<string, Entry>;
  private readonly inBundle: Set<string>;

  constructor(
    private readonly dir: string,
    bundle: BundleInfo,
    /** The entry's cache file, or undefined to compile every file from source and write nothing. */
    private readonly cacheFile: string | undefined,
    /** The folder of every build's cache folder (the cache file's folder's parent): writing removes the other builds'. */
    private readonly builds?: string,
  ) {
    this.inBundle = new Set(bundle.files.map((name) => join(dir, name)));
    this.known = cacheFile ? readCacheFile(cacheFile) : new Map();
  }

  load(file: string): unknown {
    const existing = this.modules.get(file);
    if (existing) return existing.exports;
    const module = { exports: {} as unknown };
    this.modules.set(file, module); // before it runs: bundle files require each other in circles
    // The data is used for the very bytes it was made from (the same build installed twice has other mtimes).
    const bytes = readFileSync(file);
    const size = bytes.length;
    const source = crc32 ? crc32(bytes) : 0;
    const name = file.slice(this.dir.length + 1);
    const entry = this.known.get(name);
    const usable = entry && entry.size === size && entry.source === source ? entry.data : undefined;
    const script = new Script(wrap(bytes.toString("utf8")), { filename: file, cachedData: usable });
    this.loaded.set(name, { script, size, source, fresh: !usable || script.cachedDataRejected === true });
    const nodeRequire = createRequire(file);
    const require = Object.assign((id: string) => (id.startsWith(".") && this.inBundle.has(join(dirname(file), id)) ? this.load(join(dirname(file), id)) : nodeRequire(id)), {
      resolve: nodeRequire.resolve,
      cache: nodeRequire.cache,
    });
    try {
      (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
    } catch (error) {
      this.modules.delete(file); // as node does: a file that threw is run again if required again
      throw error;
    }
    return module.exports;
  }

  stats(): CodeCacheStats {
    const fresh = [...this.loaded.values()].filter((l) => l.fresh).length;
    return { cached: this.loaded.size - fresh, compiled: fresh };
  }

  /** Writes the cache file when a loaded file was compiled from source (its data is new); never throws. */
  save(): boolean {
    if (!this.cacheFile || this.stats().compiled === 0) return false;
    try {
      const folder = dirname(this.cacheFile);
      mkdirSync(folder, { recursive: true });
      if (this.builds && dirname(folder) === this.builds) {
        try {
          pruneBuilds(this.builds, basename(folder));
        } catch {
          // the folder of builds unreadable: nothing pruned, ours is written all the same
        }
      }
      writeCacheFile(this.cacheFile, this.loaded, this.known);
      return true;
    } catch {
      return false; // a read-only or full cache folder: the next run compiles again
    }
  }
}

/** The cache file of an entry, command and set of flags in a cache folder, or undefined when AUDITLLM_CODE_CACHE=off. */
export function codeCacheFile(options: { cache: string; build: string; entry: string; argv: readonly string[]; env: Record<string, string | undefined> }): string | undefined {
  if (options.env.AUDITLLM_CODE_CACHE === "off" || !crc32) return undefined;
  // What the data depends on besides the sources: node, V8's flags, and how this file wraps a module.
  const flags = fnv([process.version, process.arch, process.execArgv.join(" "), options.env.NODE_OPTIONS ?? "", options.env.AUDITLLM_V8_FLAGS ?? "-", wrap("")].join("\0"));
  return join(options.cache, "code", options.build, `${options.entry}-${commandOf(options.argv)}-${flags}.bin`);
}

/**
 * Runs an entry of the bundle (`main.cjs` beside the starter) through the code cache, and writes the cache as
 * the process exits with 0 if it was missing anything. AUDITLLM_CODE_CACHE=debug also says on stderr how many
 * files the cache served.
 */
export function runBundle(entryFile: URL, bundle: BundleInfo, options: CodeCacheOptions): void {
  const env = options.env ?? process.env;
  if (options.jit) tuneJit(env);
  const file = fileURLToPath(entryFile);
  // Off: node loads the bundle as any CommonJS (what loads what stays visible to its module hooks).
  if (env.AUDITLLM_CODE_CACHE === "off") {
    createRequire(file)(file);
    return;
  }
  const cache = cacheDir(env);
  const cacheFile = codeCacheFile({ cache, build: bundle.build, entry: options.entry, argv: process.argv.slice(2), env });
  const loader = new BundleLoader(dirname(file), bundle, cacheFile, join(cache, "code"));
  process.on("exit", (code) => {
    const saved = code === 0 && loader.save();
    if (env.AUDITLLM_CODE_CACHE === "debug") {
      const { cached, compiled } = loader.stats();
      process.stderr.write(`code cache: ${cached} file(s) from the cache, ${compiled} compiled${saved ? ", cache written" : ""}\n`);
    }
  });
  loader.load(file);
}
