/**
 * An HTTP/1.1 response parser for http-client.ts: bytes in as they arrive from the socket, in pieces cut
 * anywhere; out come the head (status, headers) and the body bytes, with the message's end found the way
 * RFC 9112 §6.3 says: chunked transfer coding (extensions and trailers skipped), else Content-Length,
 * else no body for 204 and 304, else the body runs until the server closes the connection. Interim 1xx
 * answers ("100 Continue") are read past. It also says whether the connection may carry another request.
 * Anything it cannot frame is a ResponseFormatError: the connection is then never reused.
 */

/** A response the parser cannot frame (the connection is closed, the call fails like a broken connection). */
export class ResponseFormatError extends Error {
  override readonly name = "ResponseFormatError";
  readonly code = "HPE_INVALID_RESPONSE";
}

export interface ResponseHead {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
}

/** Where a response's bytes go. */
export interface ResponseSink {
  head(head: ResponseHead): void;
  body(bytes: Buffer): void;
}

/** A head longer than this is refused (node's own limit is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** Fields that hold one value: a repeat is ignored, as node:http does ("Retry-After: 7" twice is 7 s, not "7, 7"). Content-Length is not one of them: differing repeats are refused. */
const FIRST_WINS = new Set(["age", "content-type", "date", "etag", "expires", "last-modified", "location", "retry-after", "server"]);
/** Where the empty line that ends a head ends (the index after it), searching from `from`; 0 when not yet there. */
function headEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(10, from); i >= 0; i = buf.indexOf(10, i + 1)) {
    if (buf[i + 1] === 10) return i + 2;
    if (buf[i + 1] === 13 && buf[i + 2] === 10) return i + 3;
  }
  return 0;
}

type State = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "close" | "done";

export class ResponseParser {
  private state: State = "head";
  private pending: Buffer | null = null; // bytes of a head, chunk-size line or trailer not yet complete
  private left = 0; // body bytes still to come (length, chunk-data)
  private keepAlive = false;
  /** Bytes received after the response ended (a server writing more than one answer: the connection is not reused). */
  extra = 0;

  constructor(private readonly sink: ResponseSink) {}

  /** True once the whole response has been read. */
  get done(): boolean {
    return this.state === "done";
  }

  /** True when the connection may carry another request (known once done). */
  get reusable(): boolean {
    return this.state === "done" && this.keepAlive && this.extra === 0;
  }

  /** True while the body runs until the server closes the connection. */
  get readsUntilClose(): boolean {
    return this.state === "close";
  }

  /** Feeds bytes; throws ResponseFormatError on a response it cannot frame. */
  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case "head":
        case "chunk-size":
        case "trailers":
          at = this.line(chunk, at);
          break;
        case "length":
        case "chunk-data": {
          const n = Math.min(this.left, chunk.length - at);
          this.sink.body(chunk.subarray(at, at + n));
          this.left -= n;
          at += n;
          if (this.left === 0) this.state = this.state === "length" ? "done" : "chunk-end";
          break;
        }
        case "chunk-end":
          at = this.line(chunk, at);
          break;
        case "close":
          this.sink.body(at === 0 ? chunk : chunk.subarray(at));
          return;
        case "done":
          this.extra += chunk.length - at;
          return;
      }
    }
  }

  /** The connection ended: completes a body read until close; false when the response was cut short. */
  end(): boolean {
    if (this.state === "close") this.state = "done";
    return this.state === "done";
  }

  /** Takes bytes of a line-based part (head, chunk size, chunk end, trailers) from `at`; returns where it stopped. */
  private line(chunk: Buffer, at: number): number {
    const head = this.state === "head";
    const buf = this.pending ? Buffer.concat([this.pending, chunk.subarray(at)]) : chunk.subarray(at);
    const from = this.pending ? Math.max(0, this.pending.length - 2) : 0;
    // A head ends at an empty line, anything else at its line feed (lines may end in CRLF or, leniently, LF alone).
    const taken = head ? headEnd(buf, from) : buf.indexOf(10, from) + 1;
    if (taken <= 0) {
      if (buf.length > MAX_HEAD_BYTES) throw new ResponseFormatError(`a response ${head ? "head" : "chunk line"} longer than ${MAX_HEAD_BYTES} bytes`);
      this.pending = Buffer.from(buf); // copy: the socket's buffer may be reused
      return chunk.length;
    }
    if (taken > MAX_HEAD_BYTES) throw new ResponseFormatError(`a response ${head ? "head" : "chunk line"} longer than ${MAX_HEAD_BYTES} bytes`);
    const consumedHere = taken - (this.pending?.length ?? 0);
    const text = buf.toString("latin1", 0, taken);
    this.pending = null;
    if (head) this.onHead(text);
    else this.onLine(text.endsWith("\r\n") ? text.slice(0, -2) : text.slice(0, -1));
    return at + consumedHere;
  }

  /** A head's text (its empty line included). */
  private onHead(text: string): void {
    const lineEnd = (from: number) => text.indexOf("\n", from);
    const lineOf = (from: number, end: number) => text.slice(from, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    let end = lineEnd(0);
    const statusLine = lineOf(0, end);
    const status = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: |$)/.exec(statusLine);
    if (!status) throw new ResponseFormatError(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const code = Number(status[2]);
    if (code >= 100 && code < 200) {
      if (code === 101) throw new ResponseFormatError("the server switched protocols");
      return; // an interim answer: the real head follows
    }
    const headers: Record<string, string> = Object.create(null); // a header named "constructor" is just a header
    for (let from = end + 1; (end = lineEnd(from)) >= 0; from = end + 1) {
      const line = lineOf(from, end);
      if (line === "") break; // the empty line that ends the head
      const colon = line.indexOf(":");
      if (colon <= 0 || line.charCodeAt(colon - 1) <= 32) throw new ResponseFormatError(`a malformed response header: ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (!(name in headers)) headers[name] = value;
      else if (!FIRST_WINS.has(name)) headers[name] = `${headers[name]}, ${value}`;
    }
    const connection = (headers.connection ?? "").toLowerCase();
    this.keepAlive = status[1] === "1" ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const coding = headers["transfer-encoding"];
    const length = headers["content-length"];
    if (code === 204 || code === 304)
      this.state = "done"; // never a body, whatever the head says (RFC 9112 §6.3)
    else if (coding !== undefined) {
      if (length !== undefined) this.keepAlive = false; // both: the coding decides, and the connection is not trusted again (§6.3)
      if (!/(?:^|,)\s*chunked\s*$/i.test(coding)) {
        this.keepAlive = false; // a body of another coding runs until the connection closes
        this.state = "close";
      } else this.state = "chunk-size";
    } else if (length !== undefined) {
      const values = new Set(length.split(",").map((v) => v.trim()));
      const n = values.size === 1 ? Number([...values][0]) : Number.NaN;
      if (!/^\d+$/.test([...values][0] ?? "") || !Number.isSafeInteger(n)) throw new ResponseFormatError(`a bad Content-Length: ${JSON.stringify(length)}`);
      this.left = n;
      this.state = n === 0 ? "done" : "length";
    } else {
      this.keepAlive = false;
      this.state = "close";
    }
    this.sink.head({ status: code, headers });
  }

  private onLine(text: string): void {
    if (this.state === "chunk-end") {
      if (text !== "") throw new ResponseFormatError("a chunk longer than its size");
      this.state = "chunk-size";
    } else if (this.state === "chunk-size") {
      const size = /^0*([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(text);
      if (!size) throw new ResponseFormatError(`a bad chunk size line: ${JSON.stringify(text.slice(0, 40))}`);
      this.left = Number.parseInt(size[1]!, 16);
      this.state = this.left === 0 ? "trailers" : "chunk-data";
    } else if (text === "") this.state = "done"; // trailers end at an empty line; their fields are not read
  }
}
