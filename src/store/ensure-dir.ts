/**
 * Creates a folder for auditllm's output (the store's folder, a report folder) or says at once why it cannot:
 * a file where a folder is expected, no permission, a file system that takes no folders (/proc). Node's
 * recursive mkdir loops forever on some of these (under /proc it spins at full CPU), so the folders are made
 * one level at a time, each failure turned into one clear error.
 */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

export class OutputPathError extends Error {
  override readonly name = "OutputPathError";
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Makes `dir` (and its missing parents) and checks it is a writable folder; `what` names it in errors ("--out"). */
export function ensureDir(dir: string, what = "the folder"): void {
  const target = resolve(dir);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    const stats = statOrNothing(at);
    if (stats) {
      if (!stats.isDirectory()) throw new OutputPathError(dir, `${what} ${dir} cannot be used: ${at} is a file, not a folder.`);
      break;
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && statSync(path).isDirectory()) continue;
      throw new OutputPathError(dir, `${what} ${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message} at ${path}): choose another folder.`, { cause: error });
    }
  }
  try {
    accessSync(target, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new OutputPathError(dir, `${what} ${dir} is not writable: choose another folder.`, { cause: error });
  }
}

/** The path's stats, or undefined when it does not exist (ENOTDIR too: a parent is a file, found next). */
function statOrNothing(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) return undefined;
    throw new OutputPathError(path, `${path} cannot be read (${(error as Error).message}).`, { cause: error });
  }
}
