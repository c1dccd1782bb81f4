/**
 * The GloVe binary cache format, designed to load without parsing and to read only the rows a run uses.
 * Layout (all integers little-endian, every section starting on a multiple of 4):
 *   64-byte header | Uint32 word byte offsets (count + 1) | Int32 open-addressing hash table from word to
 *   row (tableSize, -1 = empty) | Uint32 CRC-32 of each block | UTF-8 words, zero-padded to a multiple of 4 |
 *   blocks of BLOCK_ROWS rows in the source's frequency order, each its rows' Float32 scales then their
 *   Int8 values (rows × dims, row-major).
 * Each row is quantized on its own: scale = max|v| / 127 (stored as Float32), q = round(v / scale), so a
 * rebuilt value q · scale is within scale / 2 of the source (at most 0.4% of the row's largest value);
 * the rows take a quarter of their Float32 size (the whole file: 44 MB instead of 145 MB for the 341,479
 * × 100 wink vectors). Loading reads the head (header to blocks, ~9 MB) and checks its CRC-32 (stored in
 * the header); a block is read and checked by its own CRC-32 the first time one of its rows is used (a
 * batch of 300 questions touches ~450 of the 2,668 blocks, ~6 MB). So a truncated or corrupted file is
 * never trusted: a bad head is rejected on load, a bad block when it is read (`onCorrupt`).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import * as zlib from "node:zlib";

export const MAGIC = "AUDLGLOV";
/**
 * 1: Float32 rows. 2: Int8 rows with a Float32 scale per row. 3: as 2, checked by CRC-32 (zlib's, native)
 * instead of FNV-1a. 4: rows in blocks, each with its scales and its own CRC-32, after the words (read lazily).
 */
export const FORMAT_VERSION = 4;
const HEADER = 64;
/** Rows per block (a multiple of 4, so every block starts aligned): 128 rows of 100 dims are 13 KB. */
export const BLOCK_ROWS = 128;
/** Largest quantized magnitude: q ∈ [-127, 127], symmetric so that −v rebuilds as exactly −(rebuilt v). */
const QMAX = 127;

/** Words in frequency order (row i of `matrix` is `words[i]`), with their vectors: what a cache is built from. */
export interface GloveTable {
  dims: number;
  words: string[];
  /** words.length × dims, row-major. */
  matrix: Float32Array;
}

/** A decoded cache: word lookup over the file's head, quantized rows read block by block on first use. */
export interface GloveIndex {
  dims: number;
  size: number;
  /** out[d] += weight · (row's value d), for d < dims, without materialising the row. */
  addTo(out: Float32Array, row: number, weight: number): void;
  /** The row's (dequantized) vector, a fresh array. */
  vector(row: number): Float32Array;
  indexOf(word: string): number;
  word(row: number): string;
}

/** FNV-1a over UTF-16 code units: the hash the table is built and probed with. */
function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** CRC-32 of some bytes in order, by zlib (native: ~12 ms for 44 MB). */
function checksum(...parts: Uint8Array[]): number {
  if (zlib.crc32) return parts.reduce((crc, part) => zlib.crc32(part, crc), 0);
  // Node before 20.15 has no zlib.crc32: a stored (level 0) gzip of the bytes ends with their CRC-32.
  const gzip = zlib.gzipSync(Buffer.concat(parts), { level: 0 });
  return gzip.readUInt32LE(gzip.length - 8);
}

/** The head's CRC-32: the header's fields (not its CRC's own slot) and everything up to the blocks. */
function headChecksum(head: Buffer, blocks: number): number {
  return checksum(head.subarray(8, 36), head.subarray(40, blocks));
}

/** Byte positions of the sections (see the layout above). */
function layout(dims: number, count: number, tableSize: number, vocabBytes: number) {
  const offsets = HEADER;
  const table = offsets + (count + 1) * 4;
  const crcs = table + tableSize * 4;
  const blockCount = Math.ceil(count / BLOCK_ROWS);
  const vocab = crcs + blockCount * 4;
  const blocks = Math.ceil((vocab + vocabBytes) / 4) * 4;
  const blockBytes = BLOCK_ROWS * (4 + dims);
  const end = blocks + count * (4 + dims);
  /** Where block b starts and how many rows it holds (the last one may hold fewer). */
  const block = (b: number) => ({ start: blocks + b * blockBytes, rows: Math.min(BLOCK_ROWS, count - b * BLOCK_ROWS) });
  return { offsets, table, crcs, blockCount, vocab, blocks, end, block };
}

/** Quantizes `dims` values of `values` from `base` into `q` (Int8) and returns their Float32 scale (0 for an all-zero row). */
function quantizeRow(values: ArrayLike<number>, base: number, dims: number, q: Int8Array, qBase: number): number {
  let max = 0;
  for (let d = 0; d < dims; d++) {
    const v = values[base + d]!;
    if (v > max) max = v;
    else if (-v > max) max = -v;
    else if (v !== v) max = Number.NaN; // NaN
  }
  if (!Number.isFinite(max)) throw new Error("glove: a vector holds a non-finite value");
  const scale = Math.fround(max / QMAX);
  if (scale === 0) return 0; // q stays 0 (also for a row whose values underflow the Float32 scale)
  for (let d = 0; d < dims; d++) {
    q[qBase + d] = Math.max(-QMAX, Math.min(QMAX, Math.round(values[base + d]! / scale)));
  }
  return scale;
}

/** Builds a cache file in place, one row at a time: the only large allocation is the file itself. */
export interface GloveWriter {
  /** Quantizes row `row` from `dims` values of `values` (starting at `base`). */
  setRow(row: number, values: ArrayLike<number>, base?: number): void;
  /** Writes the word table and checksum; the writer must not be used afterwards. */
  finish(): Buffer;
}

/** A writer for `words` (frequency order) of `dims` values each; `sourceBytes` (size of the JSON it came from) is kept to notice a changed source. */
export function gloveWriter(dims: number, words: readonly string[], sourceBytes: number): GloveWriter {
  const vocabBytes = words.reduce((n, w) => n + Buffer.byteLength(w, "utf8"), 0);
  let tableSize = 1;
  while (tableSize < words.length * 2) tableSize *= 2;
  const at = layout(dims, words.length, tableSize, vocabBytes);
  const out = Buffer.alloc(at.end); // zero-filled: the padding after the words is 0
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(dims, 12);
  out.writeUInt32LE(words.length, 16);
  out.writeUInt32LE(vocabBytes, 20);
  out.writeDoubleLE(sourceBytes, 24);
  out.writeUInt32LE(tableSize, 32);
  out.writeUInt32LE(BLOCK_ROWS, 40);
  const q = new Int8Array(out.buffer, out.byteOffset, out.length);
  return {
    setRow(row, values, base = 0) {
      const { start, rows } = at.block(Math.floor(row / BLOCK_ROWS));
      const i = row % BLOCK_ROWS;
      const qBase = start + rows * 4 + i * dims;
      const scale = quantizeRow(values, base, dims, q, qBase);
      if (scale === 0) q.fill(0, qBase, qBase + dims); // a row set twice loses its old values
      out.writeFloatLE(scale, start + i * 4);
    },
    finish() {
      let pos = 0;
      words.forEach((w, i) => {
        out.writeUInt32LE(pos, at.offsets + i * 4);
        pos += out.write(w, at.vocab + pos, "utf8");
      });
      out.writeUInt32LE(pos, at.offsets + words.length * 4);
      out.fill(0xff, at.table, at.crcs); // every slot -1
      words.forEach((w, row) => {
        let slot = hashWord(w) & (tableSize - 1);
        while (out.readInt32LE(at.table + slot * 4) >= 0) slot = (slot + 1) & (tableSize - 1);
        out.writeInt32LE(row, at.table + slot * 4);
      });
      for (let b = 0; b < at.blockCount; b++) {
        const { start, rows } = at.block(b);
        out.writeUInt32LE(checksum(out.subarray(start, start + rows * (4 + dims))), at.crcs + b * 4);
      }
      out.writeUInt32LE(headChecksum(out, at.blocks), 36);
      return out;
    },
  };
}

/** Serialises a table; `sourceBytes` (size of the JSON it came from) is kept to notice a changed source. */
export function encodeGlove({ dims, words, matrix }: GloveTable, sourceBytes: number): Buffer {
  if (matrix.length !== words.length * dims) throw new Error("glove: matrix size does not match vocabulary");
  const writer = gloveWriter(dims, words, sourceBytes);
  for (let row = 0; row < words.length; row++) writer.setRow(row, matrix, row * dims);
  return writer.finish();
}

export type Decoded = { index: GloveIndex; sourceBytes: number } | { invalid: string };

/**
 * What to do when a block fails its check (the file changed or rotted after its head was checked): give an
 * index to read every row from instead (e.g. a rebuilt cache), or throw.
 */
export type OnCorrupt = (why: string) => GloveIndex;

const rejectCorrupt: OnCorrupt = (why) => {
  throw new Error(`glove: the cache is corrupt (${why})`);
};

/** Reads a whole cache file's bytes; returns why it cannot be trusted instead of an index when it cannot. */
export function decodeGlove(buf: Buffer, onCorrupt: OnCorrupt = rejectCorrupt): Decoded {
  if (buf.byteOffset % 4 !== 0) buf = Buffer.from(buf); // views need 4-byte alignment
  return decode(buf, buf.length, (start, length) => buf.subarray(start, start + length), onCorrupt);
}

/**
 * Opens a cache file: reads and checks its head now, each block of rows when first used. The file stays
 * open for the life of the process (a cache rebuilt meanwhile is renamed over it: this index keeps reading
 * the file it checked); one built from a source of another size than `sourceBytes` (when given) is
 * "source changed", and closed.
 */
export function openGloveFile(file: string, onCorrupt: OnCorrupt = rejectCorrupt, sourceBytes?: number): Decoded {
  const fd = openSync(file, "r");
  const read = (start: number, length: number) => {
    const into = Buffer.allocUnsafeSlow(length); // its own ArrayBuffer: aligned
    let got = 0;
    while (got < length) {
      const n = readSync(fd, into, got, length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return into.subarray(0, got);
  };
  try {
    const size = fstatSync(fd).size;
    const header = read(0, Math.min(size, HEADER));
    // A head the file cannot hold (a damaged header's sizes) is not read: decode finds the length wrong.
    const want = header.length < HEADER ? undefined : headerOf(header)?.at.blocks;
    const head = want === undefined || want > size ? header : read(0, want);
    const decoded = decode(head, size, (start, length) => (start + length <= head.length ? head.subarray(start, start + length) : read(start, length)), onCorrupt);
    const stale = !("invalid" in decoded) && sourceBytes !== undefined && decoded.sourceBytes !== sourceBytes;
    if ("invalid" in decoded || stale) closeSync(fd);
    return stale ? { invalid: "source changed" } : decoded;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** A header's sizes and the layout they give, when they are sane (undefined: a bad header). */
function headerOf(header: Buffer) {
  const [dims, count, vocabBytes, tableSize, blockRows] = [12, 16, 20, 32, 40].map((o) => header.readUInt32LE(o)) as [number, number, number, number, number];
  if (dims === 0 || tableSize <= count || (tableSize & (tableSize - 1)) !== 0 || blockRows !== BLOCK_ROWS) return undefined;
  return { dims, count, vocabBytes, tableSize, at: layout(dims, count, tableSize, vocabBytes) };
}

/**
 * The index over a cache of `size` bytes whose bytes `read(start, length)` gives (the head, wherever it
 * lies, is read once here; blocks when first used).
 */
function decode(head: Buffer, size: number, read: (start: number, length: number) => Buffer, onCorrupt: OnCorrupt): Decoded {
  if (head.length < HEADER) return { invalid: "shorter than its header" };
  if (head.toString("latin1", 0, 8) !== MAGIC) return { invalid: "bad magic" };
  if (head.readUInt32LE(8) !== FORMAT_VERSION) return { invalid: "other format version" };
  const sizes = headerOf(head);
  if (!sizes) return { invalid: "bad header" };
  const { dims, count, vocabBytes, tableSize, at } = sizes;
  if (size !== at.end || head.length < at.blocks) return { invalid: "wrong length" };
  if (headChecksum(head, at.blocks) !== head.readUInt32LE(36)) return { invalid: "checksum mismatch" };
  const offsets = new Uint32Array(head.buffer, head.byteOffset + at.offsets, count + 1);
  const table = new Int32Array(head.buffer, head.byteOffset + at.table, tableSize);
  const crcs = new Uint32Array(head.buffer, head.byteOffset + at.crcs, at.blockCount);
  const vocab = head.subarray(at.vocab, at.vocab + vocabBytes);
  // Rows land here as their blocks are read: untouched pages of these arrays are never made resident.
  const scales = new Float32Array(count);
  const rows = new Int8Array(count * dims);
  const loaded = new Uint8Array(at.blockCount);
  let replacement: GloveIndex | undefined;
  const load = (b: number): boolean => {
    const { start, rows: n } = at.block(b);
    const bytes = read(start, n * (4 + dims));
    if (bytes.length !== n * (4 + dims) || checksum(bytes) !== crcs[b]) {
      replacement = onCorrupt(`block ${b} fails its checksum`);
      return false;
    }
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
    scales.set(new Float32Array(aligned.buffer, aligned.byteOffset, n), b * BLOCK_ROWS);
    rows.set(new Int8Array(aligned.buffer, aligned.byteOffset + n * 4, n * dims), b * BLOCK_ROWS * dims);
    loaded[b] = 1;
    return true;
  };
  /** Whether the row is read from this file (its block loaded and checked now if need be); else from `replacement`. */
  const rowReady = (row: number): boolean => {
    if (replacement) return false;
    const b = (row / BLOCK_ROWS) | 0;
    return loaded[b] === 1 || load(b);
  };
  const mask = tableSize - 1;
  const matches = (row: number, word: string, utf8: Buffer | undefined): boolean => {
    const start = offsets[row]!;
    const length = offsets[row + 1]! - start;
    if (utf8) return length === utf8.length && vocab.compare(utf8, 0, length, start, start + length) === 0;
    if (length !== word.length) return false;
    for (let i = 0; i < length; i++) if (vocab[start + i] !== word.charCodeAt(i)) return false;
    return true;
  };
  const checkRow = (row: number) => {
    if (!(Number.isInteger(row) && row >= 0 && row < count)) throw new RangeError(`glove: no row ${row} (size ${count})`);
  };
  const index: GloveIndex = {
    dims,
    size: count,
    addTo(out, row, weight) {
      checkRow(row);
      if (!rowReady(row)) return replacement!.addTo(out, row, weight);
      const w = weight * scales[row]!;
      const base = row * dims;
      for (let d = 0; d < dims; d++) out[d]! += w * rows[base + d]!;
    },
    vector(row) {
      checkRow(row);
      if (!rowReady(row)) return replacement!.vector(row);
      const scale = scales[row]!;
      return Float32Array.from(rows.subarray(row * dims, (row + 1) * dims), (q) => q * scale);
    },
    indexOf(word) {
      if (replacement) return replacement.indexOf(word);
      const utf8 = /[^\x00-\x7f]/.test(word) ? Buffer.from(word, "utf8") : undefined;
      for (let slot = hashWord(word) & mask; ; slot = (slot + 1) & mask) {
        const row = table[slot]!;
        if (row < 0) return -1;
        if (matches(row, word, utf8)) return row;
      }
    },
    word: (row) => (replacement ? replacement.word(row) : vocab.toString("utf8", offsets[row]!, offsets[row + 1]!)),
  };
  return { index, sourceBytes: head.readDoubleLE(24) };
}
