/** The worker thread of upload-check.ts: checks one file and posts the result (or what is wrong with it). */
import { parentPort, workerData } from "node:worker_threads";
import { InputFileError, type InputOptions } from "../../batch/input/index.js";
import { checkUpload } from "./upload-check.js";

const { path, name, bytes, options } = workerData as { path: string; name: string; bytes: number; options: InputOptions };
checkUpload(path, name, bytes, options).then(
  (info) => parentPort!.postMessage({ ok: true, info }),
  (error: Error) => parentPort!.postMessage({ ok: false, input: error instanceof InputFileError, message: error.message }),
);
