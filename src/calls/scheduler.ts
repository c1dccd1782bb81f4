/**
 * Decides when each call may start. One lane per provider endpoint, each with its own concurrency limit
 * that adapts to the provider: each 429/503 takes a slot away and Retry-After pauses the lane; steady
 * success gives slots back, one at a time, up to the maximum.
 * Within a lane, calls to the model that ran last go first (a local Ollama then does not swap models
 * back and forth), and calls are otherwise taken in the order they came (samples of one prompt, and
 * the prober's calls, which share a long prefix, stay together) — except calls marked `first` (the
 * prober's: each one unlocks a question's answers), which go before the others of their model. Without
 * that, the last questions' probes would wait behind every answer already queued and the run would end
 * on a round of half-empty slots (a simulation of 300 questions × 7 calls on 64 slots: 3.4 s against
 * 3.3 s, the ideal being 3.28 s).
 */
import { onAbort } from "../providers/on-abort.js";

/** Time as the scheduler sees it: the real clock, or a manual one in tests (no sleeping). */
export interface Clock {
  now(): number;
  /** Calls `fire` once after `ms` milliseconds; may return a function that cancels it. */
  setTimer(fire: () => void, ms: number): (() => void) | undefined;
}

export const systemClock: Clock = {
  now: Date.now,
  setTimer(fire, ms) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

export interface LaneSettings {
  /** The most calls in flight at once on this lane. */
  maxConcurrency: number;
}

export interface LaneState {
  lane: string;
  limit: number;
  max: number;
  inFlight: number;
  queued: number;
  /** Milliseconds left before the lane may start calls again (a provider asked us to wait). */
  pausedMs: number;
  rateLimited: number;
}

interface Waiter {
  group: string;
  first: boolean;
  start: () => void;
  fail: (error: unknown) => void;
}

class Lane {
  limit: number;
  inFlight = 0;
  pausedUntil = 0;
  rateLimited = 0;
  /** Successes since the limit last changed. */
  streak = 0;
  current = "";
  readonly queues = new Map<string, Waiter[]>();
  queued = 0;
  timer = false;
  /** Cancels the pause's timer: once no call waits, it must not keep the process alive (Ctrl+C during a long Retry-After). */
  cancelTimer: (() => void) | undefined;

  constructor(
    readonly name: string,
    public max: number,
  ) {
    this.limit = max;
  }
}

export interface SchedulerOptions {
  /** Default maximum concurrency of a lane (per provider endpoint). */
  concurrency: number;
  /** Default: the system clock. */
  clock?: Clock;
}

export class Scheduler {
  private readonly lanes = new Map<string, Lane>();
  private readonly clock: Clock;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  private now(): number {
    return this.clock.now();
  }

  /** Declares a lane's maximum (e.g. an embedded model that serves one call at a time). */
  configure(lane: string, settings: LaneSettings): void {
    const state = this.lane(lane);
    state.max = Math.max(1, Math.min(settings.maxConcurrency, this.options.concurrency));
    state.limit = Math.min(state.limit, state.max);
  }

  /**
   * Waits for a slot on `lane`, then runs `task`. `signal` withdraws a call that is still waiting; a call
   * marked `first` waits behind the other `first` calls of its group only.
   */
  async run<T>(lane: string, group: string, task: () => Promise<T>, signal?: AbortSignal, first = false): Promise<T> {
    const state = this.lane(lane);
    await this.acquire(state, group, signal, first);
    try {
      return await task();
    } finally {
      state.inFlight--;
      this.pump(state);
    }
  }

  /** A call on `lane` succeeded: after enough of them in a row, the limit grows by one. */
  succeeded(lane: string): void {
    const state = this.lane(lane);
    state.streak++;
    if (state.limit < state.max && state.streak >= 4 * state.limit) {
      state.limit++;
      state.streak = 0;
      this.pump(state);
    }
  }

  /**
   * The provider refused a call for load (429/503/529); call this once the refused call has left the lane.
   * Each refusal takes one slot away: a burst of n calls over a provider's cap is refused n − cap times,
   * which brings the limit to the cap in one round trip, and a rate limit that refuses many calls brings
   * it down fast. Retry-After pauses the lane.
   */
  rateLimited(lane: string, retryAfterMs?: number): void {
    const state = this.lane(lane);
    state.rateLimited++;
    state.streak = 0;
    state.limit = Math.max(1, state.limit - 1);
    if (retryAfterMs && retryAfterMs > 0) state.pausedUntil = Math.max(state.pausedUntil, this.now() + retryAfterMs);
  }

  state(lane: string): LaneState {
    const s = this.lane(lane);
    return { lane, limit: s.limit, max: s.max, inFlight: s.inFlight, queued: s.queued, pausedMs: Math.max(0, s.pausedUntil - this.now()), rateLimited: s.rateLimited };
  }

  states(): LaneState[] {
    return [...this.lanes.keys()].map((lane) => this.state(lane));
  }

  private lane(name: string): Lane {
    let state = this.lanes.get(name);
    if (!state) {
      state = new Lane(name, Math.max(1, this.options.concurrency));
      this.lanes.set(name, state);
    }
    return state;
  }

  private acquire(state: Lane, group: string, signal: AbortSignal | undefined, first: boolean): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        group,
        first,
        start: () => {
          stopListening?.();
          resolve();
        },
        fail: reject,
      };
      const abort = () => {
        const queue = state.queues.get(group);
        const at = queue?.indexOf(waiter) ?? -1;
        if (at >= 0) {
          queue!.splice(at, 1);
          state.queued--;
        }
        if (state.queued === 0 && state.timer) {
          state.cancelTimer?.();
          state.timer = false;
        }
        reject(signal!.reason);
      };
      const stopListening = signal ? onAbort(signal, abort) : undefined;
      let queue = state.queues.get(group);
      if (!queue) state.queues.set(group, (queue = []));
      if (first) {
        let at = 0;
        while (at < queue.length && queue[at]!.first) at++;
        queue.splice(at, 0, waiter);
      } else {
        queue.push(waiter);
      }
      state.queued++;
      this.pump(state);
    });
  }

  /** Starts waiting calls while the lane has room and is not paused. */
  private pump(state: Lane): void {
    const wait = state.pausedUntil - this.now();
    if (wait > 0) {
      if (!state.timer && state.queued > 0) {
        state.timer = true;
        state.cancelTimer =
          this.clock.setTimer(() => {
            state.timer = false;
            this.pump(state);
          }, wait) ?? undefined;
      }
      return;
    }
    while (state.inFlight < state.limit && state.queued > 0) {
      const next = this.next(state);
      state.inFlight++;
      state.queued--;
      next.start();
    }
  }

  /** The current model's next call, else the first call of the group that has waited longest. */
  private next(state: Lane): Waiter {
    let queue = state.queues.get(state.current);
    if (!queue?.length) {
      for (const [group, candidates] of state.queues) {
        if (candidates.length) {
          state.current = group;
          queue = candidates;
          break;
        }
      }
    }
    const waiter = queue!.shift()!;
    if (queue!.length === 0) state.queues.delete(state.current);
    return waiter;
  }
}
