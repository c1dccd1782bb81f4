/**
 * A text file's lines, streamed, with their 1-based numbers: UTF-8, a leading BOM dropped, "\n" or
 * "\r\n" endings. A line longer than `maxLength` characters is not kept: it comes as `tooLong`.
 */
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";

export type Line = { line: number; text: string; tooLong?: false } | { line: number; text: ""; tooLong: true };

export async function* readLines(path: string, maxLength: number): AsyncGenerator<Line, void, undefined> {
  const decoder = new StringDecoder("utf8");
  let line = 1;
  let rest = "";
  let dropping = false;
  let started = false;
  const done = (last: string): Line => {
    const text = (rest + last).replace(/\r$/, "");
    const out: Line = dropping ? { line, text: "", tooLong: true } : { line, text };
    rest = "";
    dropping = false;
    line++;
    return out;
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let text = decoder.write(chunk);
    if (!started && text) {
      text = text.replace(/^\uFEFF/, "");
      started = true;
    }
    let from = 0;
    for (let lf = text.indexOf("\n"); lf >= 0; lf = text.indexOf("\n", from)) {
      yield done(dropping ? "" : text.slice(from, lf));
      from = lf + 1;
    }
    if (!dropping) rest += text.slice(from);
    if (rest.length > maxLength) {
      dropping = true;
      rest = "";
    }
  }
  const last = decoder.end();
  if (!dropping) rest += last;
  if (rest || dropping) yield done("");
}
