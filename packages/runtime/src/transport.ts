/**
 * The transport sends one logical request. Each attempt is a Request built fresh for it (by the
 * client) carrying that attempt's signal; the transport applies the attempt's timeout, follows
 * redirects itself (same origin only), reads the whole body once under that timeout and a byte cap
 * (so a stalled or reset body is caught here, where a retry is still possible), and retries exactly
 * as the policy in `retry.ts` allows.
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
 *
 * Only the path every successful call takes is in this module. What a failure, a retry or a
 * redirect needs (error classes and wording, the retry policy, backoff) is in `attempt-failure.ts`
 * and `redirects.ts`, loaded by a dynamic import the first time one happens.
 */
import { ValidationError } from "./errors.js";
import type { RetryPolicy } from "./retry.js";
import type { Clock } from "./timing.js";

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

export interface Transport {
  send(build: RequestBuilder, options: SendOptions): Promise<ReceivedResponse>;
}

/** What a failed attempt leaves for `attempt-failure.ts` to decide on. */
export interface AttemptState {
  /** The transport's options and the call's. */
  options: TransportOptions;
  call: SendOptions;
  timeoutMs: number;
  maxBytes: number;
  /** Retries made so far in this call. */
  retry: number;
  /** A redirect turned a credit-spending request into a GET: it was processed, never send it again. */
  processed: boolean;
  /** The attempt's response, or why there is none. */
  received?: ReceivedResponse | undefined;
  error?: unknown;
  /** Whether the attempt was reading the body when it failed. */
  inBody: boolean;
  timedOut: boolean;
  tooLarge: boolean;
}

// Shared by every attempt: no options object per listener.
const ONCE = { once: true };

export function createTransport(options: TransportOptions): Transport {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const doFetch: FetchLike = options.fetch ?? ((input) => globalThis.fetch(input));
  // The platform's fetch ends the request and its body when the Request's signal aborts; a `fetch`
  // passed in might not, so only then is the attempt also raced against its abort.
  const signalHonoured = options.fetch === undefined;

  /** Sends one attempt, follows same-origin redirects and reads the body. */
  async function exchange(attempt: Attempt, request: Request, build: RequestBuilder, state: AttemptState): Promise<ReceivedResponse> {
    // The last line of defence for the credential: whatever built the Request (the client, a call's
    // own options, a custom Request class), it goes to the client's server or nowhere.
    if (options.origin !== undefined && !onOrigin(request.url, options.origin)) {
      throw (attempt.fatal = new ValidationError(
        `${options.provider} ${state.call.operation}: the request was made for ${originOf(request.url) ?? "another address"}, not the client's server ${options.origin}; no credential goes there, nothing was sent`,
        {
          provider: options.provider,
          operation: state.call.operation,
          local: true,
          issues: [{ path: "url", message: `must be on ${options.origin}` }],
          secrets: options.secrets?.() ?? [],
        },
      ));
    }
    const allowedOrigin = options.origin ?? new URL(request.url).origin;
    let raw: Response;
    for (let hops = 0; ; hops++) {
      raw = await doFetch(request);
      const status = raw.status;
      if (status < 301 || status > 308 || status === 304 || status === 305 || status === 306 || !raw.headers.has("location")) break;
      // Redirects are rare: their code is loaded on the first one.
      const { followRedirect } = await import("./redirects.js");
      const next = await followRedirect(redirectContext(state), request, raw, hops, allowedOrigin, build, attempt.signal);
      if (next instanceof Error) throw (attempt.fatal = next);
      if (next.method !== request.method && !state.call.idempotent) state.processed = true;
      request = next;
    }
    // A `fetch` that followed a redirect itself, or a browser's opaque redirect, must not pass for
    // the provider's answer (the error's wording is loaded only then).
    if (raw.type === "opaqueredirect" || (raw.redirected && raw.url && new URL(raw.url).origin !== allowedOrigin)) {
      throw (attempt.fatal = (await import("./redirects.js")).followedRedirectError(redirectContext(state), raw));
    }
    state.inBody = true;
    return { response: raw, text: await readBody(raw, maxBytes, attempt) };
  }

  async function send(build: RequestBuilder, call: SendOptions): Promise<ReceivedResponse> {
    const callerSignal = call.signal;
    const state: AttemptState = {
      options,
      call,
      timeoutMs: call.timeoutMs ?? options.timeoutMs,
      maxBytes,
      retry: 0,
      processed: false,
      inBody: false,
      timedOut: false,
      tooLarge: false,
    };
    for (;;) {
      if (callerSignal?.aborted) throw await canceled(state);
      if (options.beforeAttempt) await options.beforeAttempt(callerSignal).catch((error) => rethrowAsCanceled(error, state));

      // One controller per attempt, aborted by its timeout or by the caller (see Attempt).
      const attempt = new Attempt();
      if (callerSignal) callerSignal.addEventListener("abort", attempt, ONCE);
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // A failure to build the request (a body JSON cannot serialise) is the caller's: rethrown as is.
        const built = build(attempt.signal);
        const request = built instanceof Request ? built : await built;
        timer = setTimeout(timeOut, state.timeoutMs, attempt, state.timeoutMs);
        state.inBody = false;
        try {
          const exchanged = exchange(attempt, request, build, state);
          const received = await (signalHonoured ? exchanged : attempt.race(exchanged));
          // The common case ends here, without loading anything.
          if (received.response.ok) return received;
          state.received = received;
          state.error = undefined;
        } catch (error) {
          if (attempt.fatal) throw attempt.fatal;
          if (callerSignal?.aborted) throw await canceled(state);
          state.received = undefined;
          state.error = error;
          state.timedOut = attempt.timedOut;
          state.tooLarge = error === TOO_LARGE;
        }
      } finally {
        clearTimeout(timer);
        if (callerSignal) callerSignal.removeEventListener("abort", attempt);
      }
      // A failure or an error status: whether (and when) to try again is decided in a lazy module.
      const { nextAttempt, clockOf } = await import("./attempt-failure.js");
      const step = nextAttempt(state);
      if (typeof step !== "number") return step;
      await clockOf(options).sleep(step, callerSignal).catch((error) => rethrowAsCanceled(error, state));
      state.retry++;
    }
  }

  return { send };
}

/** True when `url` (a Request's, so already normalised) is on `origin` (`scheme://host[:port]`). */
function onOrigin(url: string, origin: string): boolean {
  return url.startsWith(origin) && (url.length === origin.length || url.charCodeAt(origin.length) === 47 /* "/" */);
}

/** The origin of a URL, or undefined when it does not parse (which is never the client's own). */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Who is asking, for a redirect's error: the provider, the operation and the secrets to scrub. */
function redirectContext(state: AttemptState) {
  return { provider: state.options.provider, operation: state.call.operation, secrets: state.options.secrets?.() ?? [], maxRedirects: MAX_REDIRECTS };
}

async function canceled(state: AttemptState): Promise<Error> {
  const { canceledError } = await import("./abort.js");
  return canceledError(state.options.provider, state.call.operation, state.call.signal!);
}

async function rethrowAsCanceled(error: unknown, state: AttemptState): Promise<never> {
  throw state.call.signal?.aborted ? await canceled(state) : error;
}

/** Timer callback (arguments, not a closure): the attempt ran out of time. */
function timeOut(attempt: Attempt, timeoutMs: number): void {
  attempt.timedOut = true;
  attempt.end(new Error(`timed out after ${timeoutMs} ms`));
}

/**
 * One attempt's abort: its timeout, or the caller's signal (this object is the listener: no closure
 * per attempt). A listener on the caller's signal is cheaper than AbortSignal.any, and without a
 * caller signal there is none. Ending the attempt also rejects whatever it is waiting for (`race`),
 * so that a `fetch` or a body that ignores the signal cannot outlive it; the platform's fetch ends
 * both on the signal by itself, and then nothing is raced.
 */
class Attempt extends AbortController {
  timedOut = false;
  /** An error no retry can help (a refused redirect, an oversized body): thrown as it is. */
  fatal: Error | undefined;
  private rejectPending: ((reason: unknown) => void) | undefined;

  /** The caller's signal aborted. */
  handleEvent(event: Event): void {
    this.end((event.target as AbortSignal).reason);
  }

  end(reason: unknown): void {
    this.abort(reason);
    this.rejectPending?.(reason);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise<T>((resolve, reject) => {
      this.rejectPending = reject;
      promise.then(resolve, reject);
    });
  }
}

/** Thrown by readBody for a body over the byte cap (refused, never retried: the answer would repeat). */
const TOO_LARGE = new Error("response too large");

const utf8 = new TextDecoder();

/**
 * Reads the whole body as text, refusing more than `maxBytes`. The caller races the whole read
 * against the attempt's abort (where the fetch may not honour it); a streamed read also stops at
 * the next chunk once the signal has aborted.
 */
async function readBody(response: Response, maxBytes: number, attempt: Attempt): Promise<string> {
  const length = response.headers.get("content-length");
  const declared = length === null ? NaN : Number(length);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw TOO_LARGE;
  }
  const status = response.status;
  // No body, or a status that cannot have one (101, 204, 205, 304).
  if (!response.body || status === 204 || status === 205 || status === 304 || status === 101) return "";
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
      if (attempt.signal.aborted) throw attempt.signal.reason;
      total += value.byteLength;
      if (total > maxBytes) throw TOO_LARGE;
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
