/** The one error a reader throws: the file as a whole cannot be read as what its extension says. */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
  /** The file the message is about. */
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}
