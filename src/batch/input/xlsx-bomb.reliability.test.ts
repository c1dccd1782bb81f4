/**
 * Zip bombs named .xlsx, made here: a valid workbook whose shared strings unzip to 500 MB from a ~1.5 MB file,
 * and one that lies about its sizes in its zip headers. Pass conditions: the honest bomb is refused by
 * openInput within 2 s with RSS growing by under 100 MB and a message saying what it unzips to and which
 * limit; the lying one is refused at the byte limit while inflating; a normal workbook still reads.
 */
import assert from "node:assert/strict";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createDeflateRaw } from "node:zlib";
import { InputFileError, openInput } from "./index.js";

interface Part {
  name: string;
  /** The part's text, as pieces (so 500 MB need not exist at once). */
  pieces: () => Iterable<Buffer>;
  /** Sizes written in the zip headers (default: the true ones). */
  lie?: number;
}

/** A zip of the parts, deflated; each part's CRC and size computed as it is deflated piece by piece. */
async function zip(parts: Part[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    let crc = 0;
    let size = 0;
    const counted = function* () {
      for (const piece of part.pieces()) {
        crc = crc32(piece, crc);
        size += piece.length;
        yield piece;
      }
    };
    const data = await deflate(counted());
    const name = Buffer.from(part.name);
    const declared = part.lie ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    out.push(local, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cd, end]);
}

/** Deflates the pieces as a stream, never holding them joined. */
async function deflate(pieces: Iterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), createDeflateRaw({ level: 9 }), async (deflated: AsyncIterable<Buffer>) => {
    for await (const chunk of deflated) out.push(chunk);
  });
  return Buffer.concat(out);
}

const text = (s: string) => () => [Buffer.from(s)];

function workbook(sharedStrings: Part, rows = 2): Part[] {
  const cells = Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i === 0 ? 0 : 1}</v></c></row>`).join("");
  return [
    {
      name: "[Content_Types].xml",
      pieces: text(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`),
    },
    {
      name: "_rels/.rels",
      pieces: text(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: "xl/workbook.xml",
      pieces: text(
        `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      pieces: text(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    sharedStrings,
    { name: "xl/worksheets/sheet1.xml", pieces: text(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells}</sheetData></worksheet>`) },
  ];
}

/** Shared strings "question", then one string of `fill` bytes of filler (a real workbook cell may hold that much). */
function strings(fill: number, lie?: number): Part {
  const head = Buffer.from(`<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>question</t></si><si><t>`);
  const tail = Buffer.from("</t></si></sst>");
  const block = Buffer.alloc(1 << 20, "What is the capital city of France? ");
  return {
    name: "xl/sharedStrings.xml",
    lie,
    pieces: function* () {
      yield head;
      for (let left = fill; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
      yield tail;
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), "auditllm-xlsx-bomb-"));

test("an .xlsx whose shared strings unzip to 500 MB is refused within 2 s, RSS growing under 100 MB, saying what it unzips to", async () => {
  const path = join(dir, "bomb.xlsx");
  writeFileSync(path, await zip(workbook(strings(500_000_000))));
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  const error = await openInput(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = Date.now() - started;
  const grew = (process.memoryUsage().rss - rssBefore) / 1e6;
  assert.ok(error instanceof InputFileError, String(error));
  assert.match(error.message, /unzips to 500 MB \(xl\/sharedStrings\.xml alone: 500 MB; the file is \d\.\d MB\)/);
  assert.match(error.message, /at most 200 MB .*AUDITLLM_XLSX_MAX_MB/);
  assert.ok(statSync(path).size < 3_000_000);
  assert.ok(ms < 2000, `${ms} ms`);
  assert.ok(grew < 100, `RSS grew by ${grew} MB`);
});

test("an .xlsx that declares 1 KB but inflates to 30 MB is stopped at a 10 MB limit while inflating", async () => {
  const path = join(dir, "liar.xlsx");
  writeFileSync(path, await zip(workbook(strings(30_000_000, 1000))));
  const error = await openInput(path, { xlsxMaxBytes: 10_000_000 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof InputFileError, String(error));
  assert.match(error.message, /unzips to more than 10 MB \(reading xl\/sharedStrings\.xml\)/);
});

test("more shared strings than AUDITLLM_XLSX_MAX_STRINGS allows is refused; a normal workbook reads", async () => {
  const many: Part = {
    name: "xl/sharedStrings.xml",
    pieces: () => [Buffer.from(`<sst><si><t>question</t></si>${"<si><t>What is it?</t></si>".repeat(50_000)}</sst>`)],
  };
  const path = join(dir, "many.xlsx");
  writeFileSync(path, await zip(workbook(many)));
  const error = await openInput(path, { xlsxMaxStrings: 1000 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof InputFileError, String(error));
  assert.match(error.message, /holds more than 1,000 shared strings/);
  const rows = [];
  for await (const item of await openInput(path)) rows.push(item);
  assert.deepEqual(rows, [{ ok: true, row: { line: 2, question: "What is it?", meta: {} } }]);
});
