/** Clock and sleep, injectable so that tests and benchmarks can run on a simulated clock. */
import { CanceledError } from "./errors.js";

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

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
