/**
 * Converts the wink-format JSON (`{"dimensions": d, "words": [...], "vectors": {"word": [v1 … vd, …]}}`,
 * 307 MB for the 341,479 GloVe words) into the binary cache while reading it in 1 MiB pieces: each vector
 * is quantized into the cache's bytes as soon as it is read, so neither the text, nor a parsed object,
 * nor a Float32 matrix is ever held (JSON.parse of the whole file took 1.3 GB and 10–40 s). The reader
 * is a small byte-level JSON scanner: strings (with escapes), numbers, and any other value skipped.
 * "dimensions" and "words" must come before "vectors", as they do in the wink files.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { gloveWriter, type GloveWriter } from "./glove-format.js";

const CHUNK = 1 << 20;
/** Bytes made available before an array of numbers is parsed in one pass. */
const WINDOW = 1 << 16;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const [QUOTE, BACKSLASH, COMMA, COLON, LBRACKET, RBRACKET, LBRACE, RBRACE, MINUS, PLUS, DOT] = [34, 92, 44, 58, 91, 93, 123, 125, 45, 43, 46];

/** A byte-level JSON scanner over a file read forward in chunks. */
class Scanner {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private end = 0;
  private offset = 0;
  private text = Buffer.allocUnsafe(256);
  constructor(private fd: number) {}

  fail(what: string): never {
    throw new Error(`glove: the source is not valid wink-format JSON at byte ${this.offset + this.pos}: ${what}`);
  }
  /** Makes at least `n` bytes available from `pos` unless the file ends first; false at the end of the file. */
  private ensure(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    this.buf.copy(this.buf, 0, this.pos, this.end);
    this.offset += this.pos;
    this.end -= this.pos;
    this.pos = 0;
    for (let got = 1; got > 0 && this.end < n; this.end += got) got = readSync(this.fd, this.buf, this.end, CHUNK - this.end, null);
    return this.end > 0;
  }
  private peek(): number {
    return this.pos < this.end || this.ensure(1) ? this.buf[this.pos]! : -1;
  }
  private take(): number {
    return this.pos < this.end || this.ensure(1) ? this.buf[this.pos++]! : -1;
  }
  /** The next byte that is not white space (not consumed), or -1 at the end. */
  next(): number {
    for (;;) {
      const c = this.peek();
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c;
      this.pos++;
    }
  }
  expect(byte: number): void {
    if (this.next() !== byte) this.fail(`expected "${String.fromCharCode(byte)}"`);
    this.pos++;
  }
  /** Consumes a "," and returns true, or consumes `close` and returns false. */
  more(close: number): boolean {
    const c = this.next();
    this.pos++;
    if (c === COMMA) return true;
    if (c !== close) this.fail(`expected "," or "${String.fromCharCode(close)}"`);
    return false;
  }
  /** Whether a container that was just opened is closed at once (and consumes the closer). */
  empty(close: number): boolean {
    if (this.next() !== close) return false;
    this.pos++;
    return true;
  }
  string(): string {
    this.expect(QUOTE);
    let n = 0;
    let escaped = false;
    for (;;) {
      let c = this.take();
      if (c < 0) this.fail("unterminated string");
      if (c === QUOTE) break;
      if (n + 2 > this.text.length) this.text = Buffer.concat([this.text, Buffer.allocUnsafe(this.text.length)]);
      if (c === BACKSLASH) {
        escaped = true;
        this.text[n++] = c;
        c = this.take();
        if (c < 0) this.fail("unterminated string");
      }
      this.text[n++] = c;
    }
    const raw = this.text.toString("utf8", 0, n);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }
  /** A number of at most 64 characters, exact (as JSON.parse reads it) up to 15 significant digits. */
  number(): number {
    this.next();
    this.ensure(64);
    const buf = this.buf;
    const end = Math.min(this.end, this.pos + 64);
    let pos = this.pos;
    const negative = buf[pos] === MINUS;
    if (negative) pos++;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    let c = pos < end ? buf[pos]! : -1;
    for (; c >= 48 && c <= 57; c = ++pos < end ? buf[pos]! : -1) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    }
    if (c === DOT) {
      for (c = ++pos < end ? buf[pos]! : -1; c >= 48 && c <= 57; c = ++pos < end ? buf[pos]! : -1) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        scale++;
      }
    }
    if (digits === 0) this.fail("expected a number");
    if (c === 101 || c === 69) {
      c = ++pos < end ? buf[pos]! : -1;
      const minus = c === MINUS;
      if (minus || c === PLUS) c = ++pos < end ? buf[pos]! : -1;
      let exponent = 0;
      let expDigits = 0;
      for (; c >= 48 && c <= 57; c = ++pos < end ? buf[pos]! : -1) {
        exponent = exponent * 10 + (c - 48);
        expDigits++;
      }
      if (expDigits === 0) this.fail("expected an exponent");
      scale += minus ? exponent : -exponent;
    }
    if (pos === this.pos + 64) this.fail("a number longer than 64 characters");
    this.pos = pos;
    let value: number;
    if (scale === 0) value = mantissa;
    else if (scale > 0) value = scale <= 22 ? mantissa / POW10[scale]! : mantissa / 10 ** scale;
    else value = -scale <= 22 ? mantissa * POW10[-scale]! : mantissa * 10 ** -scale;
    return negative ? -value : value;
  }
  /**
   * An array of numbers (after its "["), the first `values.length` of them into `values`; returns how many
   * it held. Parsed in one tight loop over the buffer when the whole array is in it (a GloVe row is ~1 KB),
   * else number by number.
   */
  numbers(values: Float32Array): number {
    this.ensure(WINDOW);
    const buf = this.buf;
    let pos = this.pos;
    // The first "]" bounds every loop below (it is no digit, sign, dot or space), so no byte is read past it.
    const close = buf.indexOf(RBRACKET, pos);
    if (close < 0 || close >= this.end) return this.slowNumbers(values);
    let n = 0;
    for (;;) {
      let c = buf[pos]!;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++pos]!;
      if (n === 0 && c === RBRACKET) {
        this.pos = pos + 1;
        return 0;
      }
      const negative = c === MINUS;
      if (negative) c = buf[++pos]!;
      let mantissa = 0;
      let digits = 0;
      let scale = 0;
      for (; c >= 48 && c <= 57; c = buf[++pos]!) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      }
      if (c === DOT) {
        for (c = buf[++pos]!; c >= 48 && c <= 57; c = buf[++pos]!) {
          mantissa = mantissa * 10 + (c - 48);
          digits++;
          scale++;
        }
      }
      // Anything unusual (an exponent, a malformed number, a nested array): read it the general way.
      if (digits === 0 || digits > 15 || c === 101 || c === 69) return this.slowNumbers(values);
      if (n < values.length) {
        const value = scale === 0 ? mantissa : mantissa / POW10[scale]!;
        values[n] = negative ? -value : value;
      }
      n++;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++pos]!;
      if (c === COMMA) pos++;
      else if (c === RBRACKET && pos === close) {
        this.pos = pos + 1;
        return n;
      } else return this.slowNumbers(values);
    }
  }
  /** `numbers` one value at a time, from the array's start (the fast pass consumed nothing). */
  private slowNumbers(values: Float32Array): number {
    let n = 0;
    if (this.empty(RBRACKET)) return 0;
    do {
      const v = this.number();
      if (n < values.length) values[n] = v;
      n++;
    } while (this.more(RBRACKET));
    return n;
  }
  /** Skips any value. */
  skip(): void {
    const c = this.next();
    if (c === QUOTE) this.string();
    else if (c === LBRACE) {
      this.pos++;
      if (this.empty(RBRACE)) return;
      do {
        this.string();
        this.expect(COLON);
        this.skip();
      } while (this.more(RBRACE));
    } else if (c === LBRACKET) {
      this.pos++;
      if (this.empty(RBRACKET)) return;
      do this.skip();
      while (this.more(RBRACKET));
    } else if (c === MINUS || (c >= 48 && c <= 57)) this.number();
    else if (c === 116 || c === 102 || c === 110) {
      while (this.peek() >= 97 && this.peek() <= 122) this.pos++; // true, false, null
    } else this.fail("unexpected character");
  }
}

/** Reads the vectors object into the writer; every word must get a vector of at least `dims` values (a word listed twice gets it in both rows). */
function readVectors(s: Scanner, dims: number, words: string[], writer: GloveWriter): void {
  const rowOf = new Map<string, number>();
  const repeats = new Map<string, number[]>();
  words.forEach((w, i) => (rowOf.has(w) ? repeats.set(w, [...(repeats.get(w) ?? []), i]) : rowOf.set(w, i)));
  const filled = new Uint8Array(words.length);
  const values = new Float32Array(dims); // rounded as a Float32 matrix of the source would be
  s.expect(LBRACE);
  if (!s.empty(RBRACE)) {
    do {
      const word = s.string();
      s.expect(COLON);
      s.expect(LBRACKET);
      const n = s.numbers(values);
      const row = rowOf.get(word);
      if (row === undefined) continue;
      if (n < dims) throw new Error(`glove: no ${dims}-d vector for "${word}"`);
      for (const r of [row, ...(repeats.get(word) ?? [])]) {
        writer.setRow(r, values);
        filled[r] = 1;
      }
    } while (s.more(RBRACE));
  }
  const missing = filled.indexOf(0);
  if (missing >= 0) throw new Error(`glove: no ${dims}-d vector for "${words[missing]}"`);
}

/** Streams the wink JSON at `path` into a finished cache file's bytes. */
export function convertWinkFile(path: string, sourceBytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const s = new Scanner(fd);
    let dims: number | undefined;
    let words: string[] | undefined;
    let built: Buffer | undefined;
    s.expect(LBRACE);
    if (!s.empty(RBRACE)) {
      do {
        const key = s.string();
        s.expect(COLON);
        if (key === "dimensions") dims = s.number();
        else if (key === "words") {
          words = [];
          s.expect(LBRACKET);
          if (!s.empty(RBRACKET))
            do words.push(s.string());
            while (s.more(RBRACKET));
        } else if (key === "vectors") {
          if (!Number.isInteger(dims) || dims! <= 0 || !words) throw new Error('glove: the source must give "dimensions" and "words" before "vectors"');
          const writer = gloveWriter(dims!, words, sourceBytes);
          readVectors(s, dims!, words, writer);
          built = writer.finish();
        } else s.skip();
      } while (s.more(RBRACE));
    }
    if (!built) throw new Error("glove: source is not in the wink embeddings format");
    return built;
  } finally {
    closeSync(fd);
  }
}
