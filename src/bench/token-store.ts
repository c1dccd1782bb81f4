/**
 * A disk memo of a transformer's token states for the benchmarks: each distinct text is encoded once per
 * model, ever, so the accuracy benchmark and the encoder fit can be rerun (other scoring, other
 * calibration) without re-encoding tens of thousands of texts. Records are appended to <dir>/tokens.bin
 * (ids as int32, special flags as uint8, vectors as float32: exactly what the model returned) and
 * indexed by the text's sha256 in <dir>/index.tsv; a record is read back from disk when asked for.
 * `prefill` encodes many texts in long, length-sorted batches (the benchmarks otherwise ask for pairs).
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { TextTokens, TransformerModel } from "../similarity/transformer-model.js";

interface Entry {
  offset: number;
  count: number;
  dim: number;
}

export interface TokenStore extends TransformerModel {
  /** Encodes every text not yet stored, `batch` texts per forward pass, shortest first; reports progress. */
  prefill(texts: string[], onProgress?: (done: number, total: number) => void): Promise<void>;
  readonly size: number;
}

const key = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

export function tokenStore(inner: TransformerModel, dir: string): TokenStore {
  mkdirSync(dir, { recursive: true });
  const dataPath = join(dir, "tokens.bin");
  const indexPath = join(dir, "index.tsv");
  const index = new Map<string, Entry>();
  if (existsSync(indexPath)) {
    const size = existsSync(dataPath) ? statSync(dataPath).size : 0;
    for (const line of readFileSync(indexPath, "utf8").split("\n")) {
      const [k, offset, count, dim] = line.split("\t");
      const entry = { offset: Number(offset), count: Number(count), dim: Number(dim) };
      // A record cut short by a killed run is left out (and encoded again).
      if (k && entry.offset + entry.count * (5 + 4 * entry.dim) <= size) index.set(k, entry);
    }
  }
  const fd = openSync(dataPath, "a+");
  let end = statSync(dataPath).size;

  function read(entry: Entry): TextTokens {
    const bytes = Buffer.alloc(entry.count * (5 + 4 * entry.dim));
    readSync(fd, bytes, 0, bytes.length, entry.offset);
    const ids = Array.from(new Int32Array(bytes.buffer, bytes.byteOffset, entry.count));
    const special = Array.from(bytes.subarray(4 * entry.count, 5 * entry.count), (b) => b === 1);
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 5 * entry.count, bytes.byteOffset + bytes.length));
    const vectors = ids.map((_, i) => floats.subarray(i * entry.dim, (i + 1) * entry.dim));
    return { ids, special, vectors };
  }

  function write(text: string, tokens: TextTokens): void {
    const count = tokens.ids.length;
    const dim = tokens.vectors[0]?.length ?? 0;
    const bytes = Buffer.alloc(count * (5 + 4 * dim));
    bytes.set(new Uint8Array(Int32Array.from(tokens.ids).buffer), 0);
    tokens.special.forEach((s, i) => (bytes[4 * count + i] = s ? 1 : 0));
    tokens.vectors.forEach((v, i) => bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), 5 * count + 4 * dim * i));
    writeSync(fd, bytes, 0, bytes.length, end);
    const entry = { offset: end, count, dim };
    end += bytes.length;
    appendFileSync(indexPath, `${key(text)}\t${entry.offset}\t${count}\t${dim}\n`);
    index.set(key(text), entry);
  }

  async function encodeMissing(texts: string[]): Promise<void> {
    const missing = [...new Set(texts)].filter((t) => !index.has(key(t)));
    if (missing.length === 0) return;
    const encoded = await inner.embedTokens(missing);
    missing.forEach((t, i) => write(t, encoded[i]!));
  }

  return {
    get size() {
      return index.size;
    },
    async embedTokens(texts) {
      await encodeMissing(texts);
      return texts.map((t) => read(index.get(key(t))!));
    },
    async prefill(texts, onProgress) {
      const missing = [...new Set(texts)].filter((t) => !index.has(key(t))).sort((a, b) => a.length - b.length);
      const chunk = 256;
      for (let start = 0; start < missing.length; start += chunk) {
        await encodeMissing(missing.slice(start, start + chunk));
        onProgress?.(Math.min(start + chunk, missing.length), missing.length);
      }
    },
  };
}

/** Where a model's store lives (the file descriptor stays open as long as the benchmark process). */
export function storeDir(cacheDir: string, model: string): string {
  return join(cacheDir, "bench-tokens", model.replace(/[^\w.-]+/g, "_"));
}
