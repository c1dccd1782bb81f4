/**
 * The GloVe binary cache format, designed to load without parsing: a 64-byte header, the row-major
 * Float32 matrix (one row per word, in the source's frequency order), word byte offsets, an open-addressing
 * hash table from word to row, and the UTF-8 words. Loading is one read plus a checksum (FNV-1a over the
 * body, stored in the header), so a truncated or corrupted file is detected and rebuilt, never trusted.
 */

export const MAGIC = "AUDLGLOV";
export const FORMAT_VERSION = 1;
const HEADER = 64;

/** Words in frequency order (row i of `matrix` is `words[i]`), with their vectors. */
export interface GloveTable {
  dims: number;
  words: string[];
  /** words.length × dims, row-major. */
  matrix: Float32Array;
}

/** A decoded cache: the matrix plus word lookup, all views over the file's bytes. */
export interface GloveIndex {
  dims: number;
  size: number;
  matrix: Float32Array;
  indexOf(word: string): number;
  word(row: number): string;
}

/** FNV-1a over UTF-16 code units: the hash the table is built and probed with. */
function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** FNV-1a over 32-bit words (plus trailing bytes): fast, and any single changed word changes it. */
function checksum(bytes: Uint8Array): number {
  const words = Math.floor(bytes.length / 4);
  const aligned = bytes.byteOffset % 4 === 0;
  const u32 = aligned ? new Uint32Array(bytes.buffer, bytes.byteOffset, words) : undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < words; i++) h = Math.imul(h ^ (u32 ? u32[i]! : view.getUint32(i * 4, true)), 16777619);
  for (let i = words * 4; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h >>> 0;
}

function layout(dims: number, count: number, tableSize: number) {
  const offsets = HEADER + dims * count * 4;
  const table = offsets + (count + 1) * 4;
  const vocab = table + tableSize * 4;
  return { offsets, table, vocab };
}

/** Serialises a table; `sourceBytes` (size of the JSON it came from) is kept to notice a changed source. */
export function encodeGlove({ dims, words, matrix }: GloveTable, sourceBytes: number): Buffer {
  if (matrix.length !== words.length * dims) throw new Error("glove: matrix size does not match vocabulary");
  const encoded = words.map((w) => Buffer.from(w, "utf8"));
  const vocabBytes = encoded.reduce((n, b) => n + b.length, 0);
  let tableSize = 1;
  while (tableSize < words.length * 2) tableSize *= 2;
  const at = layout(dims, words.length, tableSize);
  const out = Buffer.alloc(at.vocab + vocabBytes);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(dims, 12);
  out.writeUInt32LE(words.length, 16);
  out.writeUInt32LE(vocabBytes, 20);
  out.writeDoubleLE(sourceBytes, 24);
  out.writeUInt32LE(tableSize, 32);
  Buffer.from(matrix.buffer, matrix.byteOffset, matrix.length * 4).copy(out, HEADER);
  let pos = 0;
  encoded.forEach((b, i) => {
    out.writeUInt32LE(pos, at.offsets + i * 4);
    b.copy(out, at.vocab + pos);
    pos += b.length;
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
  const matrix = new Float32Array(buf.buffer, buf.byteOffset + HEADER, dims * count);
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
  const index: GloveIndex = {
    dims,
    size: count,
    matrix,
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
