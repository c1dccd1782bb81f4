/**
 * The check of an uploaded file (as `auditllm batch` reads it: every row, counting the questions and the rows
 * that will be skipped), run in a worker thread off the server's event loop, with its heap bounded by
 * AUDITLLM_UPLOAD_CHECK_MB (resourceLimits): a file that needs more fails alone, the server stays up.
 */
import { Worker } from "node:worker_threads";
import { InputFileError, openInput, type InputOptions } from "../../batch/input/index.js";
import { inputLimits, limits } from "../../config/limits.js";
import type { UploadInfo } from "./api-types.js";

const SKIPPED_SHOWN = 20;

export type UploadCheck = Omit<UploadInfo, "uploadId">;

/** Reads the whole file as a batch run will: how many questions, which rows will be skipped and why. */
export async function checkUpload(path: string, name: string, bytes: number, options: InputOptions): Promise<UploadCheck> {
  if (bytes === 0) throw new InputFileError(path, `${path}: is empty.`);
  const input = await openInput(path, options);
  let questions = 0;
  let skipped = 0;
  let categories = 0;
  const skippedRows: UploadInfo["skippedRows"] = [];
  const sample: string[] = [];
  for await (const item of input) {
    if (item.ok) {
      questions++;
      if (item.row.category) categories++;
      if (sample.length < 3) sample.push(item.row.question.slice(0, 300));
    } else {
      skipped++;
      if (skippedRows.length < SKIPPED_SHOWN) skippedRows.push({ line: item.line, error: item.error });
    }
  }
  if (questions === 0) {
    const first = skippedRows[0];
    throw new InputFileError(path, `${path} has no usable question${skipped ? ` (${skipped} row(s) skipped; line ${first!.line}: ${first!.error})` : ""}.`);
  }
  return { name, bytes, format: input.format, questions, skipped, skippedRows, columns: [...input.metaColumns], sample, categories };
}

type Reply = { ok: true; info: UploadCheck } | { ok: false; input: boolean; message: string };

/** checkUpload in a worker thread with a bounded heap; an InputFileError comes back as one. */
export function checkInWorker(path: string, name: string, bytes: number): Promise<UploadCheck> {
  const heapMb = limits().uploadCheckHeapMegabytes;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./upload-check-worker.js", import.meta.url), {
      workerData: { path, name, bytes, options: inputLimits() },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    worker.once("message", (reply: Reply) => {
      settled = true;
      if (reply.ok) resolve(reply.info);
      else reject(reply.input ? new InputFileError(path, reply.message) : new Error(reply.message));
    });
    worker.once("error", (error: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      reject(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new InputFileError(path, `${path}: checking it needed more than ${heapMb} MB of memory (AUDITLLM_UPLOAD_CHECK_MB); run it from the command line instead: auditllm batch <file>.`)
          : error,
      );
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the upload check stopped (exit ${code})`));
    });
  });
}
