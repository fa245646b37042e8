/**
 * An optional client-side limiter: at most `requests` attempts start in any window of `intervalMs`
 * (a sliding window, the way providers such as AI Media Studio count their 60 requests a minute).
 * Attempts wait in order; an abort removes the waiter.
 */
import { ConfigurationError } from "./errors.js";
import { raceAbort } from "./abort.js";
import type { Clock } from "./timing.js";

export interface RateLimit {
  requests: number;
  intervalMs: number;
}

export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
}

/** `provider` names the client in the error a bad limit gives. */
export function createRateLimiter(limit: RateLimit, clock: Clock, provider = "studiokit"): RateLimiter {
  if (!limit || typeof limit !== "object" || !(limit.requests >= 1) || !(limit.intervalMs > 0)) {
    throw new ConfigurationError(`${provider}: rateLimit needs requests >= 1 and intervalMs > 0`, { provider, reason: "invalid_option", option: "rateLimit" });
  }
  const started: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function takeSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock.now();
      while (started.length > 0 && started[0]! <= now - limit.intervalMs) started.shift();
      if (started.length < limit.requests) {
        started.push(now);
        return;
      }
      await clock.sleep(started[0]! + limit.intervalMs - now, signal);
    }
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      // Chain the waiters so that slots are handed out first come, first served. A waiter aborted
      // while queued must neither wait for its turn to fail nor take a slot when the turn comes.
      const turn = queue.then(() => {
        if (signal?.aborted) throw signal.reason;
        return takeSlot(signal);
      });
      queue = turn.catch(() => {});
      return signal ? raceAbort(turn, signal) : turn;
    },
  };
}
