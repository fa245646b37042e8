/**
 * A simulated clock for the runtime's injectable `clock` option. Time moves only when the test says
 * so, never with the wall clock, so backoff, Retry-After, rate limits and job waits can be checked
 * to the millisecond without slowing the suite or depending on the machine's speed.
 *
 * Two ways to drive it:
 * - manual (default): sleeps stay pending until `advance(ms)`; use it to act while something sleeps
 *   (abort during a backoff, inspect the schedule).
 * - auto: whenever the system is idle (by default: always; or as `idle()` says, e.g. "no request
 *   in flight"), time jumps to the earliest pending sleep and wakes it, one sleeper at a time.
 */
import type { Clock } from "../../src/index.js";

interface PendingSleep {
  wakeAt: number;
  seq: number;
  resolve: () => void;
}

export interface SimulatedClockOptions {
  /** Milliseconds since the epoch at which simulated time starts (default 2025-01-01T00:00:00Z). */
  start?: number;
  /** Advance automatically instead of waiting for `advance()`. */
  auto?: boolean;
  /** In auto mode, time moves only while this returns true (e.g. no request on the wire). */
  idle?: () => boolean;
}

export class SimulatedClock implements Clock {
  /** Every duration passed to `sleep`, in call order. */
  readonly sleeps: number[] = [];
  private time: number;
  private seq = 0;
  private pending: PendingSleep[] = [];
  private readonly auto: boolean;
  private readonly idle: () => boolean;
  private pumpScheduled = false;
  private sleepWaiters: Array<() => void> = [];

  constructor(options: SimulatedClockOptions = {}) {
    this.time = options.start ?? Date.UTC(2025, 0, 1);
    this.auto = options.auto ?? false;
    this.idle = options.idle ?? (() => true);
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry: PendingSleep = {
        wakeAt: this.time + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.pending = this.pending.filter((candidate) => candidate !== entry);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pending.push(entry);
      for (const wake of this.sleepWaiters.splice(0)) wake();
      if (this.auto) this.schedulePump();
    });
  }

  /** Sleeps not yet woken. */
  get pendingSleeps(): number {
    return this.pending.length;
  }

  /** Resolves once at least one sleep is pending (lets a test act "during the backoff"). */
  async untilSleeping(): Promise<void> {
    while (this.pending.length === 0) await new Promise<void>((resolve) => this.sleepWaiters.push(resolve));
  }

  /**
   * Moves time forward by `ms`, waking due sleepers in order. Between wake-ups it yields to the
   * event loop so that a woken task can run (and start sleeping again) before time moves on.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await yieldToEventLoop();
      const next = this.earliest();
      if (!next || next.wakeAt > target) break;
      this.wake(next);
    }
    this.time = target;
    await yieldToEventLoop();
  }

  /** Forgets every pending sleep (end of test); they never wake, so nothing runs after the test. */
  dispose(): void {
    this.pending = [];
  }

  private earliest(): PendingSleep | undefined {
    let best: PendingSleep | undefined;
    for (const entry of this.pending) {
      if (!best || entry.wakeAt < best.wakeAt || (entry.wakeAt === best.wakeAt && entry.seq < best.seq)) best = entry;
    }
    return best;
  }

  private wake(entry: PendingSleep): void {
    this.pending = this.pending.filter((candidate) => candidate !== entry);
    this.time = Math.max(this.time, entry.wakeAt);
    entry.resolve();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumpScheduled = false;
    if (this.pending.length === 0) return;
    if (!this.idle()) {
      // Something is on the wire: let real I/O finish before simulated time moves.
      this.pumpScheduled = true;
      setTimeout(() => this.pump(), 1);
      return;
    }
    const next = this.earliest();
    if (next) this.wake(next);
    // Give the woken task a turn (it may start a request or sleep again) before the next jump.
    this.schedulePump();
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
