import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_HEAD_BYTES, ResponseFormatError, type ResponseHead, ResponseParser } from "./http-response.js";

/** Parses `wire` fed in the given pieces; returns what came out. */
function parse(pieces: Buffer[], end = false) {
  const heads: ResponseHead[] = [];
  const body: Buffer[] = [];
  const parser = new ResponseParser({ head: (h) => heads.push(h), body: (b) => body.push(Buffer.from(b)) });
  for (const piece of pieces) parser.push(piece);
  const complete = end ? parser.end() : parser.done;
  return { heads, body: Buffer.concat(body).toString("utf8"), done: parser.done, complete, reusable: parser.reusable, parser };
}

/** Every way of cutting `wire` in two, and byte by byte: the parser must give the same result whatever the socket's reads. */
function everySplit(wire: string): Buffer[][] {
  const bytes = Buffer.from(wire);
  const out: Buffer[][] = [[bytes], Array.from(bytes, (b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

const LENGTH = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\nX-Many: a\r\nx-many: b\r\n\r\n{"text":"héllo"}';
const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\ndata:\r\n9\r\n {"a":1}\n\r\n0\r\nX-Trailer: t\r\n\r\n';

describe("the HTTP/1.1 response parser", () => {
  it("reads a Content-Length body however the bytes are cut", () => {
    for (const pieces of everySplit(LENGTH)) {
      const r = parse(pieces);
      assert.equal(r.heads.length, 1);
      assert.equal(r.heads[0]!.status, 200);
      assert.equal(r.heads[0]!.headers["content-type"], "application/json");
      assert.equal(r.heads[0]!.headers["x-many"], "a, b", "repeated headers are joined");
      assert.equal(r.body, '{"text":"héllo"}');
      assert.ok(r.done && r.reusable);
    }
  });

  it("reads a chunked body (extensions and trailers skipped) however the bytes are cut", () => {
    for (const pieces of everySplit(CHUNKED)) {
      const r = parse(pieces);
      assert.equal(r.body, 'data: {"a":1}\n');
      assert.ok(r.done && r.reusable, pieces.map((p) => p.length).join("+"));
    }
    assert.equal(parse([Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")]).done, true);
  });

  it("takes lines that end in a line feed alone, however the bytes are cut", () => {
    for (const pieces of everySplit("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nX-A: 1\n\n3\nabc\n0\n\n")) {
      const r = parse(pieces);
      assert.equal(r.heads[0]!.headers["x-a"], "1");
      assert.equal(r.body, "abc");
      assert.ok(r.done && r.reusable);
    }
  });

  it("is not done before the last chunk's empty trailer line", () => {
    const r = parse([Buffer.from(CHUNKED.slice(0, -2))]);
    assert.equal(r.done, false);
  });

  it("reads past interim 1xx answers to the real head", () => {
    const r = parse([Buffer.from(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n${LENGTH}`)]);
    assert.deepEqual(
      r.heads.map((h) => h.status),
      [200],
    );
    assert.equal(r.body, '{"text":"héllo"}');
  });

  it("reads a body without length until the connection closes, and never reuses that connection", () => {
    const r = parse([Buffer.from("HTTP/1.1 200 OK\r\n\r\npart one, "), Buffer.from("part two")]);
    assert.equal(r.done, false);
    assert.equal(r.parser.readsUntilClose, true);
    assert.equal(r.parser.end(), true);
    assert.equal(r.body, "part one, part two");
    assert.equal(r.parser.reusable, false);
    const other = parse([Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz")], true);
    assert.ok(other.complete && !other.reusable, "a coding other than chunked last: until close");
  });

  it("knows which connections may carry another request", () => {
    const reusable = (wire: string) => parse([Buffer.from(wire)]).reusable;
    assert.equal(reusable("HTTP/1.1 204 No Content\r\n\r\n"), true, "204: no body");
    assert.equal(reusable("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), true);
    assert.equal(reusable("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"), false);
    assert.equal(reusable("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), false, "HTTP/1.0 closes unless it says keep-alive");
    assert.equal(reusable("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"), true);
    assert.equal(reusable("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 200 OK\r\n"), false, "bytes after the answer");
  });

  it("says when a response was cut short", () => {
    const r = parse([Buffer.from(LENGTH.slice(0, -3))]);
    assert.equal(r.parser.end(), false);
    assert.equal(parse([Buffer.from("HTTP/1.1 200 OK\r\nContent-")]).parser.end(), false);
    assert.equal(parse([]).parser.end(), false, "nothing at all");
  });

  it("refuses what it cannot frame with a ResponseFormatError", () => {
    const refuses = (wire: string | Buffer, pattern: RegExp) =>
      assert.throws(
        () => parse([Buffer.isBuffer(wire) ? wire : Buffer.from(wire)]),
        (e: unknown) => e instanceof ResponseFormatError && pattern.test(e.message),
      );
    refuses("SSH-2.0-OpenSSH\r\n\r\n", /status line/);
    refuses("HTTP/2 200\r\n\r\n", /status line/);
    refuses("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n", /Content-Length/);
    refuses("HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\n", /Content-Length/);
    refuses("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", /malformed response header/);
    refuses("HTTP/1.1 200 OK\r\nBad : space\r\n\r\n", /malformed response header/);
    refuses("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", /chunk size/);
    refuses("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", /longer than its size/);
    refuses("HTTP/1.1 101 Switching Protocols\r\n\r\n", /switched protocols/);
    refuses(Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nX: "), Buffer.alloc(MAX_HEAD_BYTES, "a")]), /longer than/);
    refuses(Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nX: "), Buffer.alloc(MAX_HEAD_BYTES, "a"), Buffer.from("\r\n\r\n")]), /longer than/);
    assert.equal(parse([Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc")]).body, "abc", "the same length twice is one length");
    assert.equal(parse([Buffer.from("HTTP/1.1 200 OK\r\nconstructor: x\r\nContent-Length: 0\r\n\r\n")]).heads[0]!.headers.constructor, "x");
  });
});
