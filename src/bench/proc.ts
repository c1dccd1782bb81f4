/** What the benches read of a child CLI from /proc (Linux): its CPU once it has exited, its peak RSS while it runs. */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** User + system CPU of this process's exited children, in ms (cutime + cstime, clock ticks of 10 ms). */
export function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8")
    .replace(/^.*\) /, "")
    .split(" ");
  // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at indexes 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * Samples the child's VmHWM (the kernel's high-water mark of its RSS, so a sample misses at most the last
 * period) every `everyMs`, calling `onTick` each time; `stop()` ends the sampling and gives the peak in MB.
 */
export function samplePeakRss(child: ChildProcess, everyMs: number, onTick?: () => void): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      /* exited */
    }
    onTick?.();
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(peak);
    },
  };
}
