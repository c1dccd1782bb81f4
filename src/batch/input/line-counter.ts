/**
 * Line numbers of byte offsets in a file read as a stream: the chunks are pushed as they are read, and
 * offsets are asked in increasing order, so only the bytes since the last answer are kept. Lines end
 * at "\n" (a CRLF file counts the same; a line break inside a quoted CSV field counts like any other).
 */
const LF = 0x0a;
const CR = 0x0d;

export class LineCounter {
  private chunks: Buffer[] = [];
  /** File offset of chunks[0][0]. */
  private chunksStart: number;
  /** Offset up to which line breaks are counted. */
  private pos: number;
  /** Line breaks before `pos`. */
  private breaks: number;

  /** Counting starts at file offset `start`, with `linesBefore` line breaks before it. */
  constructor(start: number, linesBefore: number) {
    this.chunksStart = this.pos = start;
    this.breaks = linesBefore;
  }

  push(chunk: Buffer): void {
    if (chunk.length) this.chunks.push(chunk);
  }

  /** The 1-based line of the byte at `offset`. */
  lineAt(offset: number): number {
    this.advance(offset);
    return this.breaks + 1;
  }

  /** The first byte at or after `offset` that is not a line break (where a record starts, past blank lines), and its line. */
  contentAt(offset: number): { offset: number; line: number } {
    this.advance(offset);
    for (;;) {
      const byte = this.byteAt(this.pos);
      if (byte !== LF && byte !== CR) break;
      this.advance(this.pos + 1);
    }
    return { offset: this.pos, line: this.breaks + 1 };
  }

  private byteAt(offset: number): number | undefined {
    let start = this.chunksStart;
    for (const chunk of this.chunks) {
      if (offset < start + chunk.length) return chunk[offset - start];
      start += chunk.length;
    }
    return undefined;
  }

  /** Counts the line breaks in [pos, to) and forgets the chunks wholly before `to`. */
  private advance(to: number): void {
    if (to < this.pos) throw new RangeError(`LineCounter: offset ${to} is before ${this.pos}`);
    while (this.chunks.length && this.pos < to) {
      const chunk = this.chunks[0]!;
      const end = Math.min(to, this.chunksStart + chunk.length);
      for (let i = chunk.indexOf(LF, this.pos - this.chunksStart); i >= 0 && i < end - this.chunksStart; i = chunk.indexOf(LF, i + 1)) this.breaks++;
      this.pos = end;
      if (end === this.chunksStart + chunk.length) {
        this.chunks.shift();
        this.chunksStart = end;
      }
    }
  }
}
