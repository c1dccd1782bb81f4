/**
 * Progress for people: on a terminal, one line rewritten in place; otherwise only the lines that matter.
 * Lines may quote servers and LLMs, so they are made safe for a terminal.
 */
import { oneLine, sanitizeForTerminal } from "../report/text.js";

export interface Status {
  /** A line worth keeping (which model was picked, warnings). */
  info(message: string): void;
  /** A transient line (what is happening now); shown only on a terminal. */
  progress(message: string): void;
  /** Clears the transient line. */
  done(): void;
}

export function createStatus(stream: NodeJS.WriteStream = process.stderr, quiet = false): Status {
  const live = Boolean(stream.isTTY) && !quiet;
  let shown = false;
  const clear = () => {
    if (shown) stream.write("\r\x1b[2K");
    shown = false;
  };
  return {
    info(message) {
      if (quiet) return;
      clear();
      stream.write(`${sanitizeForTerminal(message)}\n`);
    },
    progress(message) {
      if (!live) return;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      message = oneLine(message);
      clear();
      stream.write(message.length > width ? `${message.slice(0, width - 1)}…` : message);
      shown = true;
    },
    done: clear,
  };
}

/** Runs `work`, then clears the transient line however it ends: an error printed next starts on a line of its own. */
export async function withStatus<T>(status: Status, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    status.done();
  }
}
