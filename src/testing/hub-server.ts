/**
 * A stand-in for the Hugging Face hub on 127.0.0.1: answers the file-resolve protocol
 * (`GET|HEAD /<user>/<repo>/resolve/main/<file>`, with byte ranges) for the files it is given, 404 for the
 * rest, and 200 at `/` (the reachability check). Point HF_ENDPOINT (or an endpoint option) at `url`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeHub {
  url: string;
  /** "METHOD /path" of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** `files` maps "user/repo/path/in/repo" to its bytes. */
export async function startFakeHub(files: Record<string, Uint8Array>): Promise<FakeHub> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, "http://x").pathname);
    requests.push(`${req.method} ${path}`);
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    const match = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(path);
    const body = match ? files[`${match[1]}/${match[2]}`] : undefined;
    if (!body) {
      res.writeHead(404, { "content-type": "text/plain", "x-error-code": "EntryNotFound" }).end("Entry not found");
      return;
    }
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Number(range[2]) : body.length - 1;
    const headers = { "content-type": "application/octet-stream", "accept-ranges": "bytes", "content-length": end - start + 1 };
    res.writeHead(range ? 206 : 200, range ? { ...headers, "content-range": `bytes ${start}-${end}/${body.length}` } : headers);
    res.end(req.method === "HEAD" ? undefined : Buffer.from(body.subarray(start, end + 1)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
