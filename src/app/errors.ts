/**
 * The errors the use cases throw on purpose, each with a message that says what to do. Surfaces map them:
 * the CLI to exit codes (usage 2, input 1, cancelled 130), the server to HTTP statuses (400, 400, 409).
 */

/** A setting that cannot work (an unknown metric, two options that clash): the CLI's exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A problem with an input file or stored data that the user can fix: exit code 1. */
export class InputError extends Error {
  override readonly name: string = "InputError";
}

/** The user stopped the work (Ctrl+C, SIGTERM, a cancel from the page): exit code 130. */
export class CancelledError extends Error {
  override readonly name = "CancelledError";
  constructor(message = "Cancelled.") {
    super(message);
  }
}

/** A batch run in which every question failed (its reports are written; it is stored as failed, resumable): exit code 1. */
export class AllFailedError extends InputError {
  override readonly name = "AllFailedError";
}
