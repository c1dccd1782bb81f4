/** Which reader a file gets: chosen by its extension alone (the content is then checked against it). */
import { extname } from "node:path";
import { InputFileError } from "./errors.js";

export type InputFormat = "csv" | "tsv" | "jsonl" | "txt" | "xlsx";

const BY_EXTENSION: Record<string, InputFormat> = {
  ".csv": "csv",
  ".tsv": "tsv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".txt": "txt",
  ".xlsx": "xlsx",
};

/** Extensions readInput accepts, in the order messages list them. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/** The format of `path` by its extension (any case), or an InputFileError that lists the supported ones. */
export function formatOf(path: string): InputFormat {
  const ext = extname(path).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (format) return format;
  const hint = ext === ".json" ? " (for JSON, write one object per line in a .jsonl file)" : ext === ".xls" ? " (save the workbook as .xlsx)" : "";
  const what = ext ? `"${ext}" files are not supported` : "has no extension to tell its format";
  throw new InputFileError(path, `${path}: ${what}${hint}; use one of ${SUPPORTED_EXTENSIONS.join(", ")}.`);
}
