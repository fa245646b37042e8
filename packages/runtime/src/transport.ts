/**
 * The transport sends one logical request: it applies the per-attempt timeout, reads the whole body
 * under that timeout (so a stalled or reset body is caught here, where a retry is still possible),
 * and retries exactly as the policy in `retry.ts` allows.
 */
import { CanceledError, errorCodeOf, NetworkError, ProviderError, TimeoutError } from "./errors.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, type AttemptOutcome, type RetryPolicy } from "./retry.js";
import { canceledError, raceAbort, systemClock, type Clock } from "./timing.js";

export type FetchLike = (input: Request) => Promise<Response>;

export interface TransportOptions {
  provider: string;
  fetch?: FetchLike | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Per-attempt timeout covering the response headers and the whole body. */
  timeoutMs: number;
  /** A larger response body is refused (a provider bug or a wrong URL, never one of our APIs). */
  maxResponseBytes?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
  /** Secrets to scrub from any error message (the client's credentials). */
  secrets?: (() => readonly string[]) | undefined;
  /** Called before each attempt; a rate limiter waits here. */
  beforeAttempt?: ((signal: AbortSignal) => Promise<void>) | undefined;
}

export interface SendOptions {
  operation: string;
  /** May this request be sent again after it may have reached the provider? */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

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

export interface Transport {
  send(request: Request, options: SendOptions): Promise<Response>;
}

export function createTransport(options: TransportOptions): Transport {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const provider = options.provider;
  const secrets = options.secrets ?? (() => []);

  async function send(request: Request, call: SendOptions): Promise<Response> {
    const callerSignal = call.signal ?? request.signal;
    const timeoutMs = call.timeoutMs ?? options.timeoutMs;
    // Buffer the body once: a Request body is a one-shot stream, and a retry must resend it. The
    // request is ours to consume (the client built it for this send), so no clone is needed.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const doFetch: FetchLike = options.fetch ?? ((input) => globalThis.fetch(input));

    for (let retry = 0; ; retry++) {
      if (callerSignal.aborted) throw canceledError(provider, call.operation, callerSignal);
      if (options.beforeAttempt) await options.beforeAttempt(callerSignal).catch(rethrowAsCanceled);

      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const signal = AbortSignal.any([callerSignal, timeout.signal]);
      const attempt = new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: request.redirect,
        signal,
      });

      let outcome: AttemptOutcome;
      // Exactly one of these is set: the response, or why there is none.
      let failure: Error | undefined;
      let response: Response | undefined;
      try {
        const raw = await raceAbort(doFetch(attempt), signal).catch((error: unknown) => {
          throw { phase: "connect", error };
        });
        const bytes = await readBody(raw, maxBytes, signal).catch((error: unknown) => {
          throw { phase: error instanceof ResponseTooLarge ? "too-large" : "body", error };
        });
        response = rebuild(raw, bytes);
        outcome = { kind: "status", status: raw.status };
      } catch (thrown) {
        const { phase, error } = thrown as { phase: string; error: unknown };
        if (callerSignal.aborted) throw canceledError(provider, call.operation, callerSignal);
        if (timeout.signal.aborted) {
          outcome = { kind: "maybe-sent" };
          // Say so, like NetworkError does: a caller of a credit-spending POST must know that this
          // timeout does not prove the request was never processed (it is not retried for that reason).
          failure = new TimeoutError(`${provider} ${call.operation} timed out after ${timeoutMs} ms; it may have reached the provider`, {
            provider,
            operation: call.operation,
            timeoutMs,
            mayHaveReachedProvider: true,
            secrets: secrets(),
          });
        } else if (phase === "too-large") {
          // Not retried: the same URL would answer the same oversized body again.
          throw new ProviderError(`${provider} ${call.operation} answered more than ${maxBytes} bytes; refused`, {
            provider,
            operation: call.operation,
            secrets: secrets(),
          });
        } else {
          const code = errorCodeOf(error);
          const notSent = phase === "connect" && code !== undefined && NOT_SENT_CODES.has(code);
          outcome = notSent ? { kind: "not-sent" } : { kind: "maybe-sent" };
          const what = phase === "body" ? "the response body was cut off" : "the request failed";
          failure = new NetworkError(
            `${provider} ${call.operation}: ${what}${code ? ` (${code})` : ""}${notSent ? "" : "; it may have reached the provider"}`,
            { provider, operation: call.operation, cause: error, mayHaveReachedProvider: !notSent, secrets: secrets() },
          );
        }
      } finally {
        clearTimeout(timer);
      }

      const canRetry = retry < policy.maxRetries && isRetryable(outcome, call.idempotent);
      if (response) {
        if (!canRetry || response.ok) return response;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"), clock.now());
        if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return response;
        await clock.sleep(retryAfter ?? backoffDelay(retry, policy, random), callerSignal).catch(rethrowAsCanceled);
        continue;
      }
      if (!canRetry) throw failure;
      await clock.sleep(backoffDelay(retry, policy, random), callerSignal).catch(rethrowAsCanceled);
    }

    function rethrowAsCanceled(error: unknown): never {
      if (callerSignal.aborted) throw canceledError(provider, call.operation, callerSignal);
      throw error;
    }
  }

  return { send };
}

class ResponseTooLarge extends Error {}

/** Reads the whole body, refusing more than `maxBytes`; an abort interrupts a stalled read. */
async function readBody(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLarge();
  }
  if (!response.body) return new Uint8Array(new ArrayBuffer(0));
  // A declared length within the limit is read in one go (the common case, and the fastest);
  // only a body of unknown length is streamed, so that it can be cut off at the limit.
  if (Number.isFinite(declared) && response.headers.has("content-length")) {
    return new Uint8Array(await raceAbort(response.arrayBuffer(), signal));
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await raceAbort(reader.read(), signal);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new ResponseTooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  const bytes = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * The bytes of every response the transport returns, so that a caller whose parser failed on the
 * body can still report it without having cloned the Response beforehand.
 */
export const receivedBody = new WeakMap<Response, Uint8Array>();

function rebuild(raw: Response, bytes: Uint8Array<ArrayBuffer>): Response {
  const body = NULL_BODY_STATUS.has(raw.status) ? null : bytes;
  const response = new Response(body, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
  Object.defineProperty(response, "url", { value: raw.url });
  receivedBody.set(response, bytes);
  return response;
}

export { CanceledError };
