/**
 * The zip container read back by a small reader written from the format (central directory → local header →
 * inflate → CRC-32 and sizes checked against the data descriptor and the directory): names in order, content
 * byte for byte, an entry of many deflated chunks joined into one stream, a stream that refuses more until drained.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import test from "node:test";
import { crc32, inflateRawSync } from "node:zlib";
import { TextSink } from "./sink.js";
import { ZipWriter } from "./xlsx-zip.js";

/** Every entry of an archive, from its central directory. */
function unzip(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0 && end === zip.length - 22, "end of central directory last");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  assert.equal(at + zip.readUInt32LE(end + 12), end, "directory size and offset");
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const [crc, compressed, size, nameLength, offset] = [zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24), zip.readUInt16LE(at + 28), zip.readUInt32LE(at + 42)];
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    assert.equal(zip.readUInt32LE(offset), 0x04034b50, `${name}: local header`);
    assert.equal(zip.readUInt16LE(offset + 8), 8, "deflated");
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = inflateRawSync(zip.subarray(start, start + compressed));
    assert.equal(data.length, size, `${name}: size`);
    assert.equal(crc32(data), crc, `${name}: CRC-32`);
    const descriptor = start + compressed;
    assert.deepEqual(
      [zip.readUInt32LE(descriptor), zip.readUInt32LE(descriptor + 4), zip.readUInt32LE(descriptor + 8), zip.readUInt32LE(descriptor + 12)],
      [0x08074b50, crc, compressed, size],
      `${name}: data descriptor`,
    );
    files.set(name, data.toString("utf8"));
    at += 46 + nameLength;
  }
  return files;
}

/** A stream that keeps what it is given, taking one chunk at a time (write() says wait after each). */
function slowStream(): { out: Writable; bytes: () => Buffer; writes: () => number } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), writes: () => chunks.length };
}

test("entries come back byte for byte, a large one deflated in many chunks, through a stream that needs draining", async () => {
  const { out, bytes, writes } = slowStream();
  const sink = new TextSink(out);
  const zip = new ZipWriter(sink, new Date(2026, 11, 6, 13, 30, 10));
  await zip.file("[Content_Types].xml", "<Types/>");
  const entry = await zip.entry("xl/worksheets/sheet1.xml");
  let big = "";
  for (let i = 0; i < 40_000; i++) {
    const row = `<row r="${i}"><c><is><t>Réponse ${i} — ${(i * 7919) % 1000} 😀</t></is></c></row>`;
    big += row;
    await entry.write(row);
  }
  await entry.end();
  await zip.file("empty.xml", "");
  await zip.close();
  await sink.flush();
  sink.release();
  const zipped = bytes();
  assert.ok(writes() > 10, `${writes()} writes`);
  const files = unzip(zipped);
  assert.deepEqual([...files.keys()], ["[Content_Types].xml", "xl/worksheets/sheet1.xml", "empty.xml"]);
  assert.equal(files.get("[Content_Types].xml"), "<Types/>");
  assert.equal(files.get("xl/worksheets/sheet1.xml"), big, `${(Buffer.byteLength(big) / 1e6).toFixed(1)} MB back as written`);
  assert.equal(files.get("empty.xml"), "");
  assert.ok(zipped.length < Buffer.byteLength(big) / 4, `deflated to ${zipped.length} bytes`);
  assert.equal(zipped.readUInt16LE(10), (13 << 11) | (30 << 5) | 5, "DOS time");
  // Info-ZIP's unzip, when the machine has it, agrees.
  const dir = mkdtempSync(join(tmpdir(), "auditllm-zip-"));
  writeFileSync(join(dir, "a.zip"), zipped);
  try {
    assert.match(execFileSync("unzip", ["-t", join(dir, "a.zip")], { encoding: "utf8" }), /No errors detected/);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
});

test("one entry at a time: starting another before the first ends is an error", async () => {
  const zip = new ZipWriter(new TextSink(slowStream().out));
  await zip.entry("a.xml");
  await assert.rejects(zip.entry("b.xml"), /previous entry is not ended/);
  await assert.rejects(zip.close(), /last entry is not ended/);
});

test("a stream that fails makes the writer fail", async () => {
  const out = new Writable({
    write(_chunk, _enc, done) {
      done(new Error("disk full"));
    },
  });
  const zip = new ZipWriter(new TextSink(out));
  await assert.rejects(async () => {
    for (let i = 0; i < 100; i++) await zip.file(`f${i}.xml`, "x".repeat(10_000));
  }, /disk full/);
});
