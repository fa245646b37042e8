/**
 * The retry policy. Most of our providers' POSTs spend credits, so a request that may have reached
 * the provider is never sent again unless the operation is idempotent:
 *
 * | outcome                                   | idempotent (GET, DELETE, marked POST) | credit-spending POST |
 * |-------------------------------------------|---------------------------------------|----------------------|
 * | 429                                       | retry                                 | retry (not processed) |
 * | 408, 500, 502, 503, 504                   | retry                                 | no                   |
 * | failure before any byte was sent          | retry                                 | retry                |
 * | reset, timeout or bad body after sending  | retry                                 | no                   |
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff step. */
  baseDelayMs: number;
  /** Cap of one backoff step (Retry-After beyond `maxRetryAfterMs` ends the retries instead). */
  maxDelayMs: number;
  /** A Retry-After longer than this is handed to the caller as a RateLimitError, not slept through. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

export type AttemptOutcome =
  | { kind: "status"; status: number }
  | { kind: "not-sent" }
  | { kind: "maybe-sent" };

/** Whether an attempt that ended in `outcome` may be sent again. */
export function isRetryable(outcome: AttemptOutcome, idempotent: boolean): boolean {
  switch (outcome.kind) {
    case "not-sent":
      return true;
    case "maybe-sent":
      return idempotent;
    case "status":
      return outcome.status === 429 || (idempotent && RETRYABLE_STATUS.has(outcome.status));
  }
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value == null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
