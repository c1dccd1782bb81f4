/**
 * Text (and bytes) output with backpressure: small writes are gathered into chunks, and a chunk the stream cannot take
 * yet is awaited ('drain') before more is produced. A file path is written to a temporary file beside it and
 * renamed when complete, so a failed report never leaves a half-written file under the real name.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";

const CHUNK = 64 * 1024;

export class TextSink {
  private parts: string[] = [];
  private size = 0;
  private failure: unknown;
  private readonly onError = (error: unknown) => (this.failure ??= error);

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on("error", this.onError);
  }

  /** Queues text; resolves once the stream can take more. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) await this.flush();
  }

  /** Writes bytes after the text queued so far; resolves once the stream can take more. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    if (!this.stream.write(bytes)) await this.drained();
    this.check();
  }

  async flush(): Promise<void> {
    this.check();
    if (this.size === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await this.drained();
    this.check();
  }

  /** Stops listening for errors (the stream stays open). */
  release(): void {
    this.stream.removeListener("error", this.onError);
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: unknown) => {
        this.stream.removeListener("drain", onDrain);
        this.stream.removeListener("error", onFail);
        this.stream.removeListener("close", onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onDrain = () => done();
      const onFail = (error: unknown) => done(error);
      const onClose = () => done(this.failure ?? new Error("The output closed before the report was written."));
      this.stream.once("drain", onDrain);
      this.stream.once("error", onFail);
      this.stream.once("close", onClose);
    });
  }
}

/**
 * Runs `produce` against `out`. A stream is flushed but left open (it may be stdout); a path is written
 * atomically (temporary file, then rename) and removed again when `produce` fails.
 */
export async function withSink(out: NodeJS.WritableStream | string, produce: (sink: TextSink) => Promise<void>): Promise<void> {
  if (typeof out !== "string") {
    const sink = new TextSink(out);
    try {
      await produce(sink);
      await sink.flush();
    } finally {
      sink.release();
    }
    return;
  }
  const temp = `${out}.${process.pid}.${Date.now().toString(36)}.part`;
  const file = createWriteStream(temp);
  const sink = new TextSink(file);
  try {
    await new Promise<void>((resolve, reject) => file.once("open", () => resolve()).once("error", reject));
    await produce(sink);
    await sink.flush();
    await new Promise<void>((resolve, reject) => {
      file.once("error", reject);
      file.end(() => resolve());
    });
    await rename(temp, out);
  } catch (error) {
    file.destroy();
    await rm(temp, { force: true });
    throw error;
  } finally {
    sink.release();
  }
}

/**
 * Runs `produce` with a stream of its own: `out` itself when it is a stream (left open), else a temporary file
 * beside the path that is renamed into place when `produce` has ended it (removed when it fails).
 */
export async function withFile(out: NodeJS.WritableStream | string, produce: (stream: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  if (typeof out !== "string") return produce(out);
  const temp = `${out}.${process.pid}.${Date.now().toString(36)}.part`;
  const file = createWriteStream(temp);
  try {
    const closed = new Promise<void>((resolve, reject) => file.once("close", () => resolve()).once("error", reject));
    await produce(file);
    if (!file.writableEnded) file.end();
    await closed;
    await rename(temp, out);
  } catch (error) {
    file.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
