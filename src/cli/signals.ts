/** Ctrl+C (SIGINT) and SIGTERM both cancel the work under way; a second one exits at once. */
export function onInterrupt(cancel: () => void): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (++count > 1) process.exit(signal === "SIGINT" ? 130 : 143);
    cancel();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.removeListener("SIGINT", handler);
    process.removeListener("SIGTERM", handler);
  };
}
