/**
 * The transport sends one logical request. Each attempt is a Request built fresh for it (by the
 * client, through openapi-fetch) carrying that attempt's signal; the transport applies the attempt's
 * timeout, follows redirects itself (same origin only), reads the whole body once under that timeout
 * and a byte cap (so a stalled or reset body is caught here, where a retry is still possible), and
 * retries exactly as the policy in `retry.ts` allows.
 *
 * Redirects are never left to `fetch`: it strips only `Authorization` when a redirect leaves the
 * origin, so a key in `X-API-Key` (or a password in a re-sent body) would follow it. Every attempt
 * is sent with `redirect: "manual"` and the transport decides:
 * - to the client's own origin (scheme, host and port of its base URL): followed, at most
 *   `MAX_REDIRECTS` hops; 307/308 re-send the same method and body, 303 (and 301/302 after a
 *   POST, as browsers do) becomes a GET without a body;
 * - anywhere else: refused with a RedirectError before anything is sent there (not followed without
 *   the credential either: a 307 would re-send the body, which may itself hold a password);
 * - more than `MAX_REDIRECTS` hops (a loop): a RedirectError, not retried.
 */
import { CanceledError, errorCodeOf, NetworkError, ProviderError, RedirectError, TimeoutError } from "./errors.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, type AttemptOutcome, type RetryPolicy } from "./retry.js";
import { canceledError, systemClock, type Clock } from "./timing.js";

export type FetchLike = (input: Request) => Promise<Response>;

export interface TransportOptions {
  provider: string;
  fetch?: FetchLike | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Per-attempt timeout covering the response headers and the whole body. */
  timeoutMs: number;
  /** A larger response body is refused (a provider bug or a wrong URL, never one of our APIs). */
  maxResponseBytes?: number | undefined;
  /**
   * The only origin requests may go to (`https://host:port`): redirects elsewhere are refused.
   * Without one, the origin of each logical request's first URL.
   */
  origin?: string | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
  /** Secrets to scrub from any error message (the client's credentials). */
  secrets?: (() => readonly string[]) | undefined;
  /** Called before each attempt; a rate limiter waits here. */
  beforeAttempt?: ((signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

export interface SendOptions {
  operation: string;
  /** May this request be sent again after it may have reached the provider? */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** Builds one attempt's Request; `signal` is that attempt's (caller's signal plus its timeout). */
export type RequestBuilder = (signal: AbortSignal) => Request | Promise<Request>;

/** What one logical request ended with: the final response, its body already read as text. */
export interface ReceivedResponse {
  /** The provider's response (its body has been read: use `text`). */
  response: Response;
  /** The whole body, decoded as UTF-8 ("" when there is none). */
  text: string;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Redirect hops followed within one attempt before it ends in a RedirectError. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

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
  send(build: RequestBuilder, options: SendOptions): Promise<ReceivedResponse>;
}

export function createTransport(options: TransportOptions): Transport {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const provider = options.provider;
  const secrets = options.secrets ?? (() => []);
  const doFetch: FetchLike = options.fetch ?? ((input) => globalThis.fetch(input));
  // The platform's fetch ends the request and its body when the Request's signal aborts; a `fetch`
  // passed in might not, so only then is every wait also raced against the attempt's abort.
  const signalHonoured = options.fetch === undefined;

  async function send(build: RequestBuilder, call: SendOptions): Promise<ReceivedResponse> {
    const callerSignal = call.signal;
    const timeoutMs = call.timeoutMs ?? options.timeoutMs;
    // Once a redirect turned a credit-spending request into a GET, the request was processed:
    // nothing after that may send it again, whatever the policy says about the final answer.
    let processed = false;

    for (let retry = 0; ; retry++) {
      if (callerSignal?.aborted) throw canceledError(provider, call.operation, callerSignal);
      if (options.beforeAttempt) await options.beforeAttempt(callerSignal).catch(rethrowAsCanceled);

      // One controller per attempt, aborted by its timeout or by the caller (see AttemptControl).
      const attempt = new AttemptControl(signalHonoured);
      const signal = attempt.signal;
      if (callerSignal) callerSignal.addEventListener("abort", attempt, { once: true });
      let timer: ReturnType<typeof setTimeout> | undefined;

      let outcome: AttemptOutcome;
      // Exactly one of these is set: the response, or why there is none.
      let failure: Error | undefined;
      let received: ReceivedResponse | undefined;
      try {
        // A failure to build the request (a body JSON cannot serialise) is the caller's: rethrown as is.
        let request = await build(signal);
        timer = setTimeout(AttemptControl.timeOut, timeoutMs, attempt, timeoutMs);
        let phase: "connect" | "body" = "connect";
        try {
          const allowedOrigin = options.origin ?? originOf(request.url);
          let raw: Response;
          for (let hops = 0; ; hops++) {
            raw = await attempt.race(doFetch(request));
            if (!REDIRECT_STATUS.has(raw.status) || !raw.headers.has("location")) break;
            // Redirects are rare: their code is loaded on the first one.
            const { followRedirect } = await import("./redirects.js");
            const next = await followRedirect({ provider, operation: call.operation, secrets: secrets(), maxRedirects: MAX_REDIRECTS }, request, raw, hops, allowedOrigin, build, signal);
            if (next.method !== request.method && !call.idempotent) processed = true;
            request = next;
          }
          // A `fetch` that followed a redirect itself, or a browser's opaque redirect, must not pass
          // for the provider's answer (the error's wording is loaded only then).
          if (raw.type === "opaqueredirect" || (raw.redirected && raw.url && originOf(raw.url) !== allowedOrigin)) {
            throw (await import("./redirects.js")).followedRedirectError({ provider, operation: call.operation, secrets: secrets(), maxRedirects: MAX_REDIRECTS }, raw);
          }
          phase = "body";
          const text = await attempt.race(readBody(raw, maxBytes, signal));
          received = { response: raw, text };
          outcome = { kind: "status", status: raw.status };
        } catch (error) {
          if (error instanceof RedirectError) throw error;
          if (callerSignal?.aborted) throw canceledError(provider, call.operation, callerSignal);
          if (attempt.timedOut) {
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
          } else if (error instanceof ResponseTooLarge) {
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
        }
      } finally {
        clearTimeout(timer);
        if (callerSignal) callerSignal.removeEventListener("abort", attempt);
      }

      const canRetry = !processed && retry < policy.maxRetries && isRetryable(outcome, call.idempotent);
      if (received) {
        const { response } = received;
        if (!canRetry || response.ok) return received;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"), clock.now());
        if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return received;
        await clock.sleep(retryAfter ?? backoffDelay(retry, policy, random), callerSignal).catch(rethrowAsCanceled);
        continue;
      }
      if (!canRetry) throw failure;
      await clock.sleep(backoffDelay(retry, policy, random), callerSignal).catch(rethrowAsCanceled);
    }

    function rethrowAsCanceled(error: unknown): never {
      if (callerSignal?.aborted) throw canceledError(provider, call.operation, callerSignal);
      throw error;
    }
  }

  return { send };
}

/**
 * One attempt's abort: its timeout, or the caller's signal (this object is the listener: no closure
 * per attempt). A listener on the caller's signal is cheaper than AbortSignal.any, and without a
 * caller signal there is none. Ending the attempt also rejects whatever it is waiting for (`race`),
 * so that a `fetch` or a body that ignores the signal cannot outlive it; the platform's fetch ends
 * both on the signal by itself, and then nothing is raced.
 */
class AttemptControl {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  timedOut = false;
  private rejectPending: ((reason: unknown) => void) | undefined;

  constructor(private readonly signalHonoured: boolean) {}

  /** Timer callback (arguments, not a closure): the attempt ran out of time. */
  static timeOut(attempt: AttemptControl, timeoutMs: number): void {
    attempt.timedOut = true;
    attempt.end(new Error(`timed out after ${timeoutMs} ms`));
  }

  /** The caller's signal aborted. */
  handleEvent(event: Event): void {
    this.end((event.target as AbortSignal).reason);
  }

  end(reason: unknown): void {
    this.controller.abort(reason);
    this.rejectPending?.(reason);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.signalHonoured) return promise;
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise<T>((resolve, reject) => {
      this.rejectPending = reject;
      promise.then(resolve, reject);
    });
  }
}

const originOf = (url: string) => new URL(url).origin;

class ResponseTooLarge extends Error {}

const utf8 = new TextDecoder();

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * Reads the whole body as text, refusing more than `maxBytes`. The caller races the whole read
 * against the attempt's abort (where the fetch may not honour it); a streamed read also stops at
 * the next chunk once the signal has aborted.
 */
async function readBody(response: Response, maxBytes: number, signal: AbortSignal): Promise<string> {
  const length = response.headers.get("content-length");
  const declared = length === null ? NaN : Number(length);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLarge();
  }
  if (!response.body || NULL_BODY_STATUS.has(response.status)) return "";
  // A declared length within the limit is read in one go (the common case, and the fastest); a body
  // of unknown length is streamed, so that it can be cut off at the limit.
  if (Number.isFinite(declared)) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (signal.aborted) throw signal.reason;
      total += value.byteLength;
      if (total > maxBytes) throw new ResponseTooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  if (chunks.length === 1) return utf8.decode(chunks[0]);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return utf8.decode(bytes);
}

export { CanceledError };
