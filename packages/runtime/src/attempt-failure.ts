/**
 * What the transport does after an attempt that did not end in a 2xx: the error it ends in, and
 * whether and when to try again. No successful call needs this, so the transport loads it with a
 * dynamic import on the first failure (its own chunk in a bundle, with the retry policy).
 */
import { NetworkError, ProviderError, TimeoutError } from "./call-errors.js";
import { errorCodeOf } from "./errors.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, type AttemptOutcome } from "./retry.js";
import { systemClock, type Clock } from "./timing.js";
import type { AttemptState, ReceivedResponse, TransportOptions } from "./transport.js";

/** Error codes that prove the request never left this machine. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_INVALID_URL",
]);

/**
 * After a failed attempt: the milliseconds to wait before the next one, or the response to hand to
 * the caller (an error status that is not retried); throws the attempt's error when it is final.
 */
export function nextAttempt(state: AttemptState): number | ReceivedResponse {
  const { options, call, received } = state;
  const { provider } = options;
  const { operation } = call;
  const secrets = options.secrets?.() ?? [];
  if (state.tooLarge) {
    // Not retried: the same URL would answer the same oversized body again.
    throw new ProviderError(`${provider} ${operation} answered more than ${state.maxBytes} bytes; refused`, { provider, operation, secrets });
  }
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  let outcome: AttemptOutcome;
  let failure: Error | undefined;
  if (received) {
    outcome = { kind: "status", status: received.response.status };
  } else if (state.timedOut) {
    outcome = { kind: "maybe-sent" };
    // Say so, like NetworkError does: a caller of a credit-spending POST must know that this
    // timeout does not prove the request was never processed (it is not retried for that reason).
    failure = new TimeoutError(`${provider} ${operation} timed out after ${state.timeoutMs} ms; it may have reached the provider`, {
      provider,
      operation,
      timeoutMs: state.timeoutMs,
      mayHaveReachedProvider: true,
      secrets,
    });
  } else {
    const code = errorCodeOf(state.error);
    const notSent = !state.inBody && code !== undefined && NOT_SENT_CODES.has(code);
    outcome = notSent ? { kind: "not-sent" } : { kind: "maybe-sent" };
    const what = state.inBody ? "the response body was cut off" : "the request failed";
    failure = new NetworkError(`${provider} ${operation}: ${what}${code ? ` (${code})` : ""}${notSent ? "" : "; it may have reached the provider"}`, {
      provider,
      operation,
      cause: state.error,
      mayHaveReachedProvider: !notSent,
      secrets,
    });
  }

  const canRetry = !state.processed && state.retry < policy.maxRetries && isRetryable(outcome, call.idempotent);
  if (received) {
    if (!canRetry) return received;
    const retryAfter = parseRetryAfter(received.response.headers.get("retry-after"), clockOf(options).now());
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return received;
    return retryAfter ?? backoffDelay(state.retry, policy, random);
  }
  if (!canRetry) throw failure;
  return backoffDelay(state.retry, policy, random);
}

/** The transport's clock (the system's by default, which only a retry or a failure needs). */
export const clockOf = (options: TransportOptions): Clock => options.clock ?? systemClock;
