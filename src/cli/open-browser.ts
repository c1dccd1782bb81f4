/** `serve --open`: the system's way to open a URL in the default browser; a failure is a note, not an error. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A page only this user can read (a fresh 0700 folder, a 0600 file) that sends the browser on to `url`: what
 * the browser is opened with, so a URL holding the token never appears on a command line. Removed after a minute.
 */
export function redirectPage(url: string): string {
  const dir = mkdtempSync(join(tmpdir(), "auditllm-open-"));
  const path = join(dir, "open.html");
  const attr = url.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  writeFileSync(path, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${attr}"><title>auditllm</title>Opening auditllm…`, { mode: 0o600 });
  setTimeout(() => rmSync(dir, { recursive: true, force: true }), 60_000).unref();
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return path;
}

export function openBrowser(url: string, onFailure: (message: string) => void): void {
  const [command, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  try {
    const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => onFailure(`Could not open a browser (${command}); open ${url.replace(/\?token=.*$/, "")} yourself.`));
    child.unref();
  } catch {
    onFailure(`Could not open a browser; open the address yourself.`);
  }
}
