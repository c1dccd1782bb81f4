/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). FORCE_COLOR turns it on. */
export function useColor(stream: NodeJS.WriteStream, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}
