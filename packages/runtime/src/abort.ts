/**
 * Ending waits on a caller's abort: only waits that can be canceled (rate limits, jobs, sockets)
 * and a canceled call need this, so a client loads it with them rather than up front.
 */
import { CanceledError } from "./call-errors.js";

/** Races `promise` against `signal`, so that a stalled read cannot outlive an abort. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The error to throw when the caller's signal aborted. */
export function canceledError(provider: string, operation: string | undefined, signal: AbortSignal): CanceledError {
  const reason = signal.reason instanceof Error ? signal.reason.message : undefined;
  return new CanceledError(`${provider}${operation ? ` ${operation}` : ""} was canceled${reason ? `: ${reason}` : ""}`, {
    provider,
    operation,
  });
}
