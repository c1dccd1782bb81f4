/**
 * Bounds on what an .xlsx may unzip to, so a zip bomb (a few MB that inflate to GBs of shared strings) is
 * refused quickly and with little memory:
 * - before reading, the zip's central directory: the uncompressed sizes it declares (instant, no inflating);
 * - while reading, the bytes actually inflated and the shared strings actually parsed (a zip that lies about
 *   its sizes is stopped at the limit).
 */
import { open } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";

export interface XlsxLimits {
  /** The most the workbook may unzip to, in bytes (all its parts). */
  maxBytes: number;
  /** The most shared strings (distinct cell texts) it may hold. */
  maxStrings: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxBytes: 200_000_000, maxStrings: 1_000_000 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

const mb = (bytes: number) => `${(bytes / 1_000_000).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;

export const tooBig = (what: string, limits: XlsxLimits) =>
  `${what}; auditllm reads at most ${mb(limits.maxBytes)} of unzipped workbook and ${limits.maxStrings.toLocaleString("en")} shared strings (AUDITLLM_XLSX_MAX_MB, AUDITLLM_XLSX_MAX_STRINGS). A file this small that unzips this large is probably a zip bomb; if it is real, raise the limit or save it as CSV`;

/** Why the zip's central directory already breaks the limits, or undefined (also when it cannot be read: the reader then says the file is damaged). */
export async function declaredSizeProblem(path: string, limits: XlsxLimits): Promise<string | undefined> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) (at = i), (i = -1);
    if (at < 0) return undefined;
    const entries = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) return undefined;
    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    let total = 0;
    let largest = { name: "", bytes: 0 };
    for (let p = 0, n = 0; n < entries && p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL; n++) {
      const bytes = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const name = cd.toString("utf8", p + 46, p + 46 + nameLength);
      const declared = bytes === 0xffffffff ? Number.POSITIVE_INFINITY : bytes; // zip64: 4 GB or more
      total += declared;
      if (declared > largest.bytes) largest = { name, bytes: declared };
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (total <= limits.maxBytes) return undefined;
    const part = Number.isFinite(largest.bytes) ? mb(largest.bytes) : "4 GB or more";
    return tooBig(`unzips to ${Number.isFinite(total) ? mb(total) : "more than 4 GB"} (${largest.name} alone: ${part}; the file is ${mb(size)})`, limits);
  } finally {
    await file.close();
  }
}

/** Counts the bytes inflated so far (shared by every part of one workbook) and throws past the limit. */
export function byteBudget(limits: XlsxLimits): { count(part: string, bytes: number, strings?: number): void; meter(part: string, strings?: () => number): Transform } {
  let used = 0;
  const count = (part: string, bytes: number, strings = 0) => {
    used += bytes;
    if (used > limits.maxBytes) throw new XlsxLimitError(tooBig(`unzips to more than ${mb(limits.maxBytes)} (reading ${part})`, limits));
    if (strings > limits.maxStrings) throw new XlsxLimitError(tooBig(`holds more than ${limits.maxStrings.toLocaleString("en")} shared strings`, limits));
  };
  return {
    count,
    meter: (part, strings) =>
      new Transform({
        transform(chunk: Buffer, _encoding, done: TransformCallback) {
          try {
            count(part, chunk.length, strings?.());
            done(null, chunk);
          } catch (error) {
            done(error as Error);
          }
        },
      }),
  };
}

export class XlsxLimitError extends Error {
  override readonly name = "XlsxLimitError";
}
