/** The interface every format's reader implements (they are registered in index.ts). */
import type { InputItem } from "../types.js";
import { InputFileError } from "./errors.js";
import type { XlsxLimits } from "./xlsx-limits.js";

export interface ReaderContext {
  path: string;
  /** Longest question, probe or response accepted, in characters. */
  maxTextLength: number;
  /** The most columns a header may have (wider files fail at once). */
  maxColumns: number;
  /** What an .xlsx may unzip to. */
  xlsx: XlsxLimits;
  /** Called with each metadata column name, in input order, when first known. */
  addColumn(name: string): void;
}

/**
 * Yields the file's rows in order. Throws InputFileError, before its first row, when the file is not
 * what its extension says (no question column, not JSON Lines…); a bad row is yielded, never thrown.
 */
export type Reader = (context: ReaderContext) => AsyncGenerator<InputItem, void, undefined>;

/** An InputFileError about the context's file, its message prefixed with the path. */
export const fileError = (context: ReaderContext, message: string, cause?: unknown): InputFileError => new InputFileError(context.path, `${context.path}: ${message}`, { cause });

/** The longest line or record a reader holds, in characters or bytes: room for a row of long texts. */
export const maxRecordLength = (context: ReaderContext): number => Math.max(1 << 20, context.maxTextLength * 32);

/** The message of a header wider than the limit. */
export const tooManyColumns = (count: number, max: number): string =>
  `its header has ${count.toLocaleString("en")} columns; auditllm reads at most ${max.toLocaleString("en")} (AUDITLLM_MAX_COLUMNS raises the limit). Is it really a table of questions?`;
