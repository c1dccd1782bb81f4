/**
 * A zip archive written as a stream (the container of results.xlsx). Each entry is deflated as its text comes,
 * in chunks: a chunk is compressed on its own and ended with a sync flush, so the chunks join into one valid
 * deflate stream (the last one is finished) and nothing but the current chunk is held. The CRC-32 and sizes
 * follow each entry's data in a data descriptor (bit 3), the central directory comes last. No ZIP64: an
 * archive whose entries or offsets pass 4 GiB is refused with an error rather than written wrong.
 */
import { constants, deflateRawSync } from "node:zlib";
import * as zlib from "node:zlib";
import type { TextSink } from "./sink.js";

/** Text gathered before a chunk is deflated. */
const CHUNK = 256 * 1024;
const LIMIT = 0xffff_ffff;
const FLAGS = 0x0008 | 0x0800; // sizes in a data descriptor; UTF-8 names
const VERSION = 20;
const DEFLATE = 8;

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** CRC-32 (zlib's own when this Node has it: 20.15 and later). */
const crc32: (data: Uint8Array, value: number) => number = (zlib as { crc32?: typeof crc32 }).crc32 ?? tableCrc32;

let table: Int32Array | undefined;
function tableCrc32(data: Uint8Array, value: number): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = ~value;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** DOS date and time of a moment (local time, two-second steps), as zip headers hold them. */
function dosTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: (Math.max(at.getFullYear() - 1980, 0) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;
  private readonly stamp: { time: number; date: number };
  private open = false;

  constructor(
    private readonly sink: TextSink,
    at = new Date(),
  ) {
    this.stamp = dosTime(at);
  }

  /** Writes a whole entry. */
  async file(name: string, text: string): Promise<void> {
    const entry = await this.entry(name);
    await entry.write(text);
    await entry.end();
  }

  /** Starts an entry (one at a time); its text is deflated as it is written. */
  async entry(name: string): Promise<ZipEntry> {
    if (this.open) throw new Error("zip: the previous entry is not ended");
    this.open = true;
    const entry: Entry = { name: Buffer.from(name, "utf8"), offset: this.offset, crc: 0, compressed: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt16LE(entry.name.length, 26);
    await this.put(Buffer.concat([header, entry.name]));
    return new ZipEntry(
      entry,
      (bytes) => this.put(bytes),
      async () => {
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(entry.crc, 4);
        descriptor.writeUInt32LE(entry.compressed, 8);
        descriptor.writeUInt32LE(entry.size, 12);
        await this.put(descriptor);
        this.entries.push(entry);
        this.open = false;
      },
    );
  }

  /** Writes the central directory (the archive is complete; the stream is left open). */
  async close(): Promise<void> {
    if (this.open) throw new Error("zip: the last entry is not ended");
    const start = this.offset;
    for (const entry of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(VERSION, 4);
      header.writeUInt16LE(VERSION, 6);
      header.writeUInt16LE(FLAGS, 8);
      header.writeUInt16LE(DEFLATE, 10);
      header.writeUInt16LE(this.stamp.time, 12);
      header.writeUInt16LE(this.stamp.date, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.compressed, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      header.writeUInt32LE(entry.offset, 42);
      await this.put(Buffer.concat([header, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.put(end);
  }

  private async put(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    if (this.offset > LIMIT) throw new Error("The workbook would pass 4 GiB, more than a zip without ZIP64 holds: use results.csv or results.jsonl.");
    await this.sink.writeBytes(bytes);
  }
}

/** One entry being written: `write` gathers text and deflates it a chunk at a time, `end` finishes it. */
export class ZipEntry {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly entry: Entry,
    private readonly put: (bytes: Buffer) => Promise<void>,
    private readonly done: () => Promise<void>,
  ) {}

  /** Queues text; returns a promise only when a chunk went out (await it: that is the backpressure). */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.length += text.length;
    return this.length >= CHUNK ? this.deflate(false) : undefined;
  }

  async end(): Promise<void> {
    await this.deflate(true);
    await this.done();
  }

  private async deflate(last: boolean): Promise<void> {
    const data = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.length = 0;
    const entry = this.entry;
    entry.crc = crc32(data, entry.crc);
    entry.size += data.length;
    const packed = deflateRawSync(data, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
    entry.compressed += packed.length;
    if (entry.size > LIMIT || entry.compressed > LIMIT) throw new Error("A sheet of the workbook would pass 4 GiB, more than a zip without ZIP64 holds: use results.csv or results.jsonl.");
    await this.put(packed);
  }
}
