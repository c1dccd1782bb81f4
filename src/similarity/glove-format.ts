/**
 * The GloVe binary cache format, designed to load without parsing. Layout (all integers little-endian):
 *   64-byte header | Float32 row scales (count) | Int8 rows (count × dims, row-major, the source's
 *   frequency order) | zero padding to a multiple of 4 | Uint32 word byte offsets (count + 1) |
 *   Int32 open-addressing hash table from word to row (tableSize, -1 = empty) | UTF-8 words.
 * Each row is quantized on its own: scale = max|v| / 127 (stored as Float32), q = round(v / scale), so a
 * rebuilt value q · scale is within scale / 2 of the source (at most 0.4% of the row's largest value);
 * the rows take a quarter of their Float32 size (the whole file: 44 MB instead of 145 MB for the 341,479
 * × 100 wink vectors), which makes loading 3–4× faster. Loading is one read plus a checksum
 * (CRC-32 over the body, stored in the header), so a truncated or corrupted file is detected and rebuilt,
 * never trusted.
 */
import * as zlib from "node:zlib";

export const MAGIC = "AUDLGLOV";
/** 1: Float32 rows. 2: Int8 rows with a Float32 scale per row. 3: as 2, checked by CRC-32 (zlib's, native) instead of FNV-1a. */
export const FORMAT_VERSION = 3;
const HEADER = 64;
/** Largest quantized magnitude: q ∈ [-127, 127], symmetric so that −v rebuilds as exactly −(rebuilt v). */
const QMAX = 127;

/** Words in frequency order (row i of `matrix` is `words[i]`), with their vectors: what a cache is built from. */
export interface GloveTable {
  dims: number;
  words: string[];
  /** words.length × dims, row-major. */
  matrix: Float32Array;
}

/** A decoded cache: quantized rows plus word lookup, all views over the file's bytes. */
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

/** CRC-32 of the body, by zlib (native: ~12 ms for the 44 MB file, a quarter of format 2's FNV-1a in JavaScript). */
function checksum(bytes: Uint8Array): number {
  if (zlib.crc32) return zlib.crc32(bytes);
  // Node before 20.15 has no zlib.crc32: a stored (level 0) gzip of the bytes ends with their CRC-32.
  const gzip = zlib.gzipSync(bytes, { level: 0 });
  return gzip.readUInt32LE(gzip.length - 8);
}

/** Byte positions of the sections; every typed-array section starts on a multiple of 4. */
function layout(dims: number, count: number, tableSize: number) {
  const scales = HEADER;
  const rows = scales + count * 4;
  const offsets = Math.ceil((rows + count * dims) / 4) * 4;
  const table = offsets + (count + 1) * 4;
  const vocab = table + tableSize * 4;
  return { scales, rows, offsets, table, vocab };
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
  const at = layout(dims, words.length, tableSize);
  const out = Buffer.alloc(at.vocab + vocabBytes); // zero-filled: the padding after the rows is 0
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(dims, 12);
  out.writeUInt32LE(words.length, 16);
  out.writeUInt32LE(vocabBytes, 20);
  out.writeDoubleLE(sourceBytes, 24);
  out.writeUInt32LE(tableSize, 32);
  const q = new Int8Array(out.buffer, out.byteOffset + at.rows, words.length * dims);
  const scales = new DataView(out.buffer, out.byteOffset + at.scales, words.length * 4);
  return {
    setRow(row, values, base = 0) {
      const scale = quantizeRow(values, base, dims, q, row * dims);
      if (scale === 0) q.fill(0, row * dims, (row + 1) * dims); // a row set twice loses its old values
      scales.setFloat32(row * 4, scale, true);
    },
    finish() {
      let pos = 0;
      words.forEach((w, i) => {
        out.writeUInt32LE(pos, at.offsets + i * 4);
        pos += out.write(w, at.vocab + pos, "utf8");
      });
      out.writeUInt32LE(pos, at.offsets + words.length * 4);
      out.fill(0xff, at.table, at.vocab); // every slot -1
      words.forEach((w, row) => {
        let slot = hashWord(w) & (tableSize - 1);
        while (out.readInt32LE(at.table + slot * 4) >= 0) slot = (slot + 1) & (tableSize - 1);
        out.writeInt32LE(row, at.table + slot * 4);
      });
      out.writeUInt32LE(checksum(out.subarray(HEADER)), 36);
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

/** Reads a cache file's bytes; returns why it cannot be trusted instead of an index when it cannot. */
export function decodeGlove(buf: Buffer): { index: GloveIndex; sourceBytes: number } | { invalid: string } {
  if (buf.length < HEADER) return { invalid: "shorter than its header" };
  if (buf.toString("latin1", 0, 8) !== MAGIC) return { invalid: "bad magic" };
  if (buf.readUInt32LE(8) !== FORMAT_VERSION) return { invalid: "other format version" };
  const [dims, count, vocabBytes, tableSize] = [12, 16, 20, 32].map((o) => buf.readUInt32LE(o)) as [number, number, number, number];
  const at = layout(dims, count, tableSize);
  if (dims === 0 || tableSize <= count || (tableSize & (tableSize - 1)) !== 0) return { invalid: "bad header" };
  if (buf.length !== at.vocab + vocabBytes) return { invalid: "wrong length" };
  if (buf.byteOffset % 4 !== 0) buf = Buffer.from(buf); // views below need 4-byte alignment
  if (checksum(buf.subarray(HEADER)) !== buf.readUInt32LE(36)) return { invalid: "checksum mismatch" };
  const scales = new Float32Array(buf.buffer, buf.byteOffset + at.scales, count);
  const rows = new Int8Array(buf.buffer, buf.byteOffset + at.rows, count * dims);
  const offsets = new Uint32Array(buf.buffer, buf.byteOffset + at.offsets, count + 1);
  const table = new Int32Array(buf.buffer, buf.byteOffset + at.table, tableSize);
  const vocab = buf.subarray(at.vocab);
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
      const w = weight * scales[row]!;
      const base = row * dims;
      for (let d = 0; d < dims; d++) out[d]! += w * rows[base + d]!;
    },
    vector(row) {
      checkRow(row);
      const scale = scales[row]!;
      return Float32Array.from(rows.subarray(row * dims, (row + 1) * dims), (q) => q * scale);
    },
    indexOf(word) {
      const utf8 = /[^\x00-\x7f]/.test(word) ? Buffer.from(word, "utf8") : undefined;
      for (let slot = hashWord(word) & mask; ; slot = (slot + 1) & mask) {
        const row = table[slot]!;
        if (row < 0) return -1;
        if (matches(row, word, utf8)) return row;
      }
    },
    word: (row) => vocab.toString("utf8", offsets[row]!, offsets[row + 1]!),
  };
  return { index, sourceBytes: buf.readDoubleLE(24) };
}
