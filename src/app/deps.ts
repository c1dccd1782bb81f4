/** What every use case may be given: the store, the environment, and where to say what is happening. */
import type { Env } from "../providers/endpoints.js";
import type { Db } from "../store/index.js";
import type { DownloadPolicy } from "./models.js";

export interface AppDeps {
  /** The store. Without one, an audit stores nothing (the library's default); batch runs need one. */
  db?: Db;
  /** Keys and servers are read from here (default: process.env); nothing of it is ever stored. */
  env?: Env;
  /** A line worth keeping (which model was picked, a warning, a skipped row). */
  onNote?(note: string): void;
  /** What is happening now (transient; a terminal redraws it). */
  onProgress?(message: string): void;
  /** Whether and how models may be downloaded. */
  download?: DownloadPolicy;
}

export const envOf = (deps: AppDeps): Env => deps.env ?? process.env;
