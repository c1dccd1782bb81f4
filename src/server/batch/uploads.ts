/**
 * Uploaded question files for batch runs. Each goes into a folder of its own under the server's upload folder,
 * streamed to disk under a size limit (413 past it), then checked as `auditllm batch` checks its input
 * (openInput: the extension, binary or zip content, the header, a question column) and read once to count the
 * questions and the rows that will be skipped, in a worker thread with a bounded heap (upload-check.ts), so a
 * hostile file can neither stall the server's event loop nor take the server down. At most AUDITLLM_MAX_UPLOADS
 * uploads are kept at once (429 past it). A file that fails is deleted and its message names the file as
 * the user called it, never the server's path. Uploads no run used are removed after a day.
 */
import { randomBytes } from "node:crypto";
import { limits } from "../../config/limits.js";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { formatOf, InputFileError } from "../../batch/input/index.js";
import { checkInWorker } from "./upload-check.js";
import type { UploadInfo } from "./api-types.js";
import { HttpError } from "../http-error.js";

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const UPLOAD_ID = /^[0-9a-f]{24}$/;
const UNUSED_FOR_MS = 24 * 60 * 60 * 1000;

export interface StoredUpload {
  uploadId: string;
  name: string;
  /** The file on the server (what the batch run reads). */
  path: string;
  dir: string;
}

interface UploadMeta {
  name: string;
  bytes: number;
  createdAt: string;
  runIds?: string[];
}

export interface UploadStore {
  readonly maxBytes: number;
  /** Saves and checks a file; a bad one is removed and answered with a 400 that says what is wrong. */
  save(givenName: string | undefined, body: ReadableStream<Uint8Array> | null, declaredBytes?: number): Promise<UploadInfo>;
  get(uploadId: string): Promise<StoredUpload | undefined>;
  /** Remembers that a run reads this upload (it is then kept: resuming needs it). */
  used(uploadId: string, runId: string): Promise<void>;
}

export const sizeText = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** A file name safe on any file system that keeps the user's name and extension: "my qs (v2).csv". */
export function safeFileName(given: string | undefined): string {
  const base = (given ?? "").split(/[\\/]/).pop() ?? "";
  const ext = extname(base).toLowerCase();
  const stem =
    base
      .slice(0, base.length - ext.length)
      .replace(/[^\p{L}\p{N}._\- ()]/gu, "_")
      .replace(/^[.\s]+/, "")
      .slice(0, 100) || "questions";
  return `${stem}${ext}`;
}

export function createUploadStore(dir: string, maxBytes = DEFAULT_MAX_UPLOAD_BYTES, maxUploads = limits().maxUploads): UploadStore {
  const tooLarge = (name: string) =>
    new HttpError(413, `${name} is larger than the upload limit of ${sizeText(maxBytes)}. Split it into smaller files, or run it from the command line: auditllm batch <file>.`);
  const metaPath = (uploadId: string) => join(dir, uploadId, "upload.json");
  const readMeta = async (uploadId: string) => JSON.parse(await readFile(metaPath(uploadId), "utf8")) as UploadMeta;
  let recording: Promise<void> = Promise.resolve();

  async function prune(): Promise<void> {
    const now = Date.now();
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      if (!UPLOAD_ID.test(entry)) continue;
      const meta = await readMeta(entry).catch(() => undefined);
      const age = meta
        ? now - Date.parse(meta.createdAt)
        : now -
          (await stat(join(dir, entry)).then(
            (s) => s.mtimeMs,
            () => now,
          ));
      if (!meta?.runIds?.length && age > UNUSED_FOR_MS) await rm(join(dir, entry), { recursive: true, force: true });
    }
  }

  return {
    maxBytes,
    async save(givenName, body, declaredBytes) {
      if (!givenName?.trim()) throw new HttpError(400, "Give the file's name (?name=questions.csv): its extension tells its format.");
      const name = safeFileName(givenName);
      try {
        formatOf(name);
      } catch (error) {
        throw new HttpError(400, (error as Error).message);
      }
      if (declaredBytes !== undefined && declaredBytes > maxBytes) throw tooLarge(name);
      if (!body) throw new HttpError(400, `${name} is empty.`);
      await prune();
      const kept = (await readdir(dir).catch(() => [] as string[])).filter((e) => UPLOAD_ID.test(e)).length;
      if (kept >= maxUploads)
        throw new HttpError(
          429,
          `The server keeps at most ${maxUploads} uploads at once (AUDITLLM_MAX_UPLOADS) and has ${kept}: start runs on the ones uploaded, or wait a day for unused ones to be removed.`,
        );
      const uploadId = randomBytes(12).toString("hex");
      const folder = join(dir, uploadId);
      const path = join(folder, name);
      await mkdir(folder, { recursive: true });
      try {
        const bytes = await saveBody(body, path, maxBytes, () => tooLarge(name));
        const info = await checkInWorker(path, name, bytes);
        await writeFile(metaPath(uploadId), JSON.stringify({ name, bytes, createdAt: new Date().toISOString() } satisfies UploadMeta));
        return { uploadId, ...info };
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        if (error instanceof InputFileError) throw new HttpError(400, error.message.split(path).join(name));
        throw error;
      }
    },
    async get(uploadId) {
      if (!UPLOAD_ID.test(uploadId)) return undefined;
      const meta = await readMeta(uploadId).catch(() => undefined);
      if (!meta) return undefined;
      return { uploadId, name: meta.name, path: join(dir, uploadId, meta.name), dir: join(dir, uploadId) };
    },
    used(uploadId, runId) {
      // One read-modify-write at a time: runs started at once on one upload are all remembered.
      const write = async () => {
        const meta = await readMeta(uploadId);
        await writeFile(metaPath(uploadId), JSON.stringify({ ...meta, runIds: [...(meta.runIds ?? []), runId] }));
      };
      const next = recording.then(write, write);
      recording = next.catch(() => {});
      return next;
    },
  };
}

/** Streams the body into `path`, failing with `tooLarge()` as soon as it passes `maxBytes`. */
async function saveBody(body: ReadableStream<Uint8Array>, path: string, maxBytes: number, tooLarge: () => Error): Promise<number> {
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge() : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(body as NodeWebStream<Uint8Array>), count, createWriteStream(path, { flags: "wx" }));
  return bytes;
}
