/**
 * The checks every input file passes before any row is read, so a file that is not what its extension
 * says fails at once with one clear message: missing, a folder, empty, binary, UTF-16, zip or not zip.
 */
import { open, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { InputFileError } from "./errors.js";
import type { InputFormat } from "./formats.js";

const HEAD_BYTES = 1024;

export async function checkFile(path: string, format: InputFormat): Promise<void> {
  const fail = (message: string, cause?: unknown) => new InputFileError(path, `${path}: ${message}`, { cause });
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === "ENOENT" ? fail("no such file.", error) : fail(`cannot be read (${(error as Error).message}).`, error);
  }
  if (stats.isDirectory()) throw fail("is a folder, not a file.");
  if (stats.size === 0) throw fail("is empty.");
  const head = await readHead(path).catch((error: Error) => {
    throw fail(`cannot be read (${error.message}).`, error);
  });
  const zip = head[0] === 0x50 && head[1] === 0x4b; // "PK"
  if (format === "xlsx") {
    if (zip) return;
    const hint = looksLikeText(head) ? "; it looks like text: give it the extension of its content (.csv, .tsv, .jsonl or .txt)" : "";
    throw fail(`is not an .xlsx workbook (an .xlsx file is a zip archive and this one does not start like one)${hint}.`);
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw fail("is UTF-16 encoded; save it as UTF-8.");
  }
  if (zip) throw fail(`is a zip archive (an .xlsx workbook?), not a .${format} text file; if it is a workbook, name it .xlsx.`);
  if (head.includes(0)) throw fail(`looks binary (NUL bytes in its first ${HEAD_BYTES} bytes), not a .${format} text file.`);
  if (
    stats.size <= HEAD_BYTES &&
    head
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim() === ""
  )
    throw fail("is empty.");
}

/** The file's first KB. */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** No NUL and no other control character than tab, CR and LF. */
function looksLikeText(head: Buffer): boolean {
  return head.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}
