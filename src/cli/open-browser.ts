/** `serve --open`: the system's way to open a URL in the default browser; a failure is a note, not an error. */
import { spawn } from "node:child_process";

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
