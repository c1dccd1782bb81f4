/** A database that cannot be read: damaged, not an auditllm database, or a stored value that is not what was written. The message names the file. */
export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A JSON value read back from the store; a damaged one throws a StoreError naming the database file and the value. */
export function parseStored<T = unknown>(text: string, what: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StoreError(file, `${file}: the stored ${what} is not valid JSON (${(error as Error).message}): the database is damaged; restore it from a backup, or move it away to start afresh.`, {
      cause: error,
    });
  }
}

/** SQLite's "this is not a database" and "damaged" errors as a StoreError naming the file; other errors unchanged. */
export function storeFailure(error: unknown, file: string): unknown {
  const code = String((error as { code?: string })?.code ?? "");
  if (!/^SQLITE_(NOTADB|CORRUPT)/.test(code)) return error;
  const what = code.startsWith("SQLITE_NOTADB") ? "is not an SQLite database" : "is damaged";
  return new StoreError(file, `${file} ${what} (${(error as Error).message}): restore it from a backup, move it away to start afresh, or set AUDITLLM_HOME to another folder.`, { cause: error });
}
