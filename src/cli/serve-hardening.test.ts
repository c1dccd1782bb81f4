/**
 * `auditllm serve` as a process: another loopback address works, `--open` keeps the token off command lines,
 * and the session cookie expires (and is Secure with --secure-cookie). Pass conditions in the test names.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { CLI, cliEnv } from "../testing/cli.js";

const TOKEN = "a-long-test-token-0123456789abcdef";

/** Starts `serve` and resolves with its address once it prints it. */
function serve(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.stdout!.setEncoding("utf8").on("data", (d) => {
      stdout += d;
      const url = /auditllm web app: (http:\/\/\S+?)\/?\n/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))));

test("serve --host 127.0.0.2 answers its own address (200), not 403", { skip: process.platform !== "linux" && "127.0.0.2 is loopback on Linux" }, async (t) => {
  const server = await serve(["--host", "127.0.0.2"], cliEnv());
  t.after(() => stop(server.child));
  assert.match(server.url, /^http:\/\/127\.0\.0\.2:\d+$/);
  const response = await fetch(`${server.url}/api/session`);
  assert.equal(response.status, 200, await response.text());
});

test("serve --open with a token: the browser command line holds no token; it opens a private page that redirects with it", async (t) => {
  const bin = mkdtempSync(join(tmpdir(), "auditllm-open-bin-"));
  const record = join(bin, "args.txt");
  const copy = join(bin, "page.html");
  // A stand-in for xdg-open that records its arguments and the page it was given.
  writeFileSync(join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s\\n' "$@" > "${record}"\ncp "$1" "${copy}"\n`);
  chmodSync(join(bin, "xdg-open"), 0o755);
  const env = cliEnv({ AUDITLLM_TOKEN: TOKEN, PATH: `${bin}:${process.env.PATH ?? ""}` });
  const server = await serve(["--open"], env);
  t.after(() => stop(server.child));
  for (let i = 0; i < 100 && !existsSync(copy); i++) await new Promise((r) => setTimeout(r, 50));
  const args = readFileSync(record, "utf8");
  assert.ok(!args.includes(TOKEN), args);
  assert.match(args, /auditllm-open-.*open\.html/);
  const page = readFileSync(copy, "utf8");
  assert.ok(page.includes(`url=${server.url}/?token=${TOKEN}`), page);
  assert.ok(!server.stderr().includes(TOKEN));
});

test("the session cookie has Max-Age=604800, HttpOnly, SameSite=Strict, and Secure only with --secure-cookie", async (t) => {
  for (const secure of [false, true]) {
    const server = await serve(secure ? ["--secure-cookie"] : [], cliEnv({ AUDITLLM_TOKEN: TOKEN }));
    t.after(() => stop(server.child));
    const landing = await fetch(`${server.url}/?token=${TOKEN}`, { redirect: "manual" });
    const cookie = landing.headers.get("set-cookie") ?? "";
    assert.match(cookie, /Max-Age=604800/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.equal(/;\s*Secure/.test(cookie), secure, cookie);
    await stop(server.child);
  }
});
