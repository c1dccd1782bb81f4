/** A download progress bar on a terminal; a line every 10% otherwise. */
export function downloadProgress(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  const started = Date.now();
  let lastDecile = -1;
  return (done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
    const rate = done / 1e6 / Math.max(0.001, (Date.now() - started) / 1000);
    const text = `${label} ${(fraction * 100).toFixed(0).padStart(3)}%  ${mb(done)}/${mb(total)} MB  ${rate.toFixed(1)} MB/s`;
    if (stream.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      stream.write(`\r\x1b[2K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}`);
      if (fraction >= 1) stream.write("\n");
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${text}\n`);
      }
    }
  };
}
