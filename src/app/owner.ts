/**
 * One owner per run: the process that works a run holds its lease in the store (store/owners.ts), renews it
 * every few seconds from an unref'd timer, and gives it up when it stops. A second process refuses with the
 * owner's pid, host and since when (RunOwnedError), or waits for it (`wait`); a lease not renewed for
 * AUDITLLM_LEASE_STALE_MS (default 30 s), or held by a process of this host that is gone, is taken over, so a
 * killed run is never stuck. The heartbeat also reads a cancel asked through the store (from the web app,
 * wherever the run's process lives) and notices a takeover: either one aborts `signal`.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Env } from "../providers/endpoints.js";
import { claimRun, finishOwnedRun, ownerOf, releaseClaim, renewClaim, type Db, type RunOwner, type RunStatus } from "../store/index.js";
import { CancelledError, InputError } from "./errors.js";

export const DEFAULT_STALE_MS = 30_000;
export const DEFAULT_HEARTBEAT_MS = 5_000;

export interface LeaseTiming {
  staleMs: number;
  heartbeatMs: number;
}

export function leaseTiming(env: Env = process.env): LeaseTiming {
  const stale = Number(env.AUDITLLM_LEASE_STALE_MS);
  const staleMs = Number.isFinite(stale) && stale >= 100 ? stale : DEFAULT_STALE_MS;
  const beat = Number(env.AUDITLLM_LEASE_HEARTBEAT_MS);
  const heartbeatMs = Math.min(Number.isFinite(beat) && beat >= 20 ? beat : DEFAULT_HEARTBEAT_MS, Math.max(20, Math.floor(staleMs / 3)));
  return { staleMs, heartbeatMs };
}

/** Whether a process of this host with that id still lives (another user's counts as living). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lease no one renews: its heartbeat is older than `staleMs`, or its process (on this host) is gone. */
export function isStale(owner: RunOwner, timing: LeaseTiming, now: number = Date.now()): boolean {
  if (now - owner.heartbeatMs > timing.staleMs) return true;
  return owner.host === hostname() && !processAlive(owner.pid);
}

/** Whether the run is being worked by a live process (anywhere that shares the store). */
export function liveOwner(db: Db, runId: string, env?: Env): RunOwner | undefined {
  const owner = ownerOf(db, runId);
  return owner && !isStale(owner, leaseTiming(env)) ? owner : undefined;
}

/** Who holds a run, in words: "process 4242 on host-a since 2026-12-06 10:01:02 UTC (last heartbeat 3 s ago)". */
export function describeOwner(owner: RunOwner, now: number = Date.now()): string {
  const since = owner.since.replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return `process ${owner.pid} on ${owner.host} since ${since} (last heartbeat ${Math.max(0, Math.round((now - owner.heartbeatMs) / 1000))} s ago)`;
}

/** Another live process works the run. */
export class RunOwnedError extends InputError {
  override readonly name = "RunOwnedError";
  constructor(
    readonly runId: string,
    readonly owner: RunOwner,
    timing: LeaseTiming,
  ) {
    super(
      `Run ${runId} is being worked by ${describeOwner(owner)}. Wait for it to finish, add --wait-for-owner to wait here, or stop that process (a run whose owner stops answering is taken over after ${Math.round(timing.staleMs / 1000)} s).`,
    );
  }
}

/** This process stopped renewing its lease for so long that another one took the run over. */
export class LostOwnershipError extends InputError {
  override readonly name = "LostOwnershipError";
}

export interface Ownership {
  readonly token: string;
  /** Aborts on a cancel asked through the store, or when the run was taken over (see `lost`). */
  readonly signal: AbortSignal;
  cancelRequested(): boolean;
  /** Whether another process has taken the run over (this one then stops, writing nothing of the run). */
  lost(): boolean;
  /**
   * Whether this process may still write the run's calls: yes while its heartbeat is recent; after a gap
   * (the process was frozen, or its event loop held up, past two beats) the lease is checked in the store
   * at once, so a process woken after a takeover learns it before it sends or stores a call, not a beat later.
   */
  holds(): boolean;
  /** Ends the run as its owner and gives it up; false when it was taken over (nothing is written then). */
  finish(status: Exclude<RunStatus, "running">, details?: { summary?: Record<string, unknown>; error?: string; finishedAt?: string }): boolean;
  /** Stops the heartbeat and gives the run up (idempotent). */
  release(): void;
}

export interface OwnershipOptions {
  /** Wait for a live owner to finish (or go stale) instead of refusing. */
  wait?: boolean;
  /** Said once when waiting starts. */
  onWait?(message: string): void;
  /** Stops the wait (Ctrl+C). */
  signal?: AbortSignal;
  /** A lease handed over by the process that started this one (the web server to its run process). */
  token?: string;
  env?: Env;
}

export async function takeOwnership(db: Db, runId: string, options: OwnershipOptions = {}): Promise<Ownership> {
  const timing = leaseTiming(options.env);
  const claimant = { token: options.token ?? randomBytes(12).toString("hex"), pid: process.pid, host: hostname() };
  let said = false;
  for (;;) {
    const claim = claimRun(db, runId, claimant, (owner) => isStale(owner, timing));
    if (claim.ok) {
      if (claim.tookOver) options.onWait?.(`Took run ${runId} over from ${describeOwner(claim.tookOver)}, which stopped answering.`);
      return held(db, runId, claimant.token, timing);
    }
    if (!options.wait) throw new RunOwnedError(runId, claim.owner, timing);
    if (!said) options.onWait?.(`Run ${runId} is being worked by ${describeOwner(claim.owner)}: waiting for it (--wait-for-owner).`);
    said = true;
    await pause(Math.min(timing.heartbeatMs, 1000), options.signal);
    if (options.signal?.aborted) throw new CancelledError(`Stopped waiting for run ${runId}'s owner.`);
  }
}

function held(db: Db, runId: string, token: string, timing: LeaseTiming): Ownership {
  const controller = new AbortController();
  let cancelled = false;
  let lost = false;
  let released = false;
  let lastBeat = Date.now();
  const beat = () => {
    let renewed: ReturnType<typeof renewClaim>;
    try {
      renewed = renewClaim(db, runId, token);
    } catch {
      return; // the store is busy for longer than its timeout: the next beat tries again
    }
    if (renewed.owned) lastBeat = Date.now();
    if (!renewed.owned) {
      if (lost) return;
      lost = true;
      clearInterval(timer);
      const lostTo = ownerOf(db, runId);
      controller.abort(
        new LostOwnershipError(
          `Run ${runId} was taken over by ${lostTo ? describeOwner(lostTo) : "another process"}; this one stops (it had not renewed its lease for ${Math.round(timing.staleMs / 1000)} s).`,
        ),
      );
    } else if (renewed.cancelRequested && !cancelled) {
      cancelled = true;
      controller.abort(new CancelledError("cancelled"));
    }
  };
  const timer = setInterval(beat, timing.heartbeatMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    released = true;
  };
  return {
    token,
    signal: controller.signal,
    cancelRequested: () => cancelled,
    lost: () => lost,
    holds() {
      if (!lost && !released && Date.now() - lastBeat > 2 * timing.heartbeatMs) beat();
      return !lost;
    },
    finish(status, details) {
      if (lost) return false;
      stop();
      return finishOwnedRun(db, runId, token, status, details);
    },
    release() {
      if (released) return;
      stop();
      if (db.open) releaseClaim(db, runId, token);
    },
  };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
