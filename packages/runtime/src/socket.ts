/**
 * Following a job over a websocket, with polling beside it. The channel reports progress as it
 * happens; polling keeps its own schedule throughout, so if the socket cannot open, cannot be
 * authenticated, drops or goes quiet, the wait loses nothing, and a caller never loses a result
 * to a network hiccup.
 */
import { JobFailedError } from "./call-errors.js";
import { DEFAULT_WAIT_TIMEOUT_MS, pollUntilDone, waitForJob, type JobStatus, type WaitForJobInput } from "./jobs.js";
import { canceledError, raceAbort } from "./abort.js";
import { systemClock } from "./timing.js";

/** The part of the WebSocket interface we use (the `ws` package and browsers both have it). */
export interface SocketLike {
  readonly readyState: number;
  addEventListener(type: "open" | "close" | "error", listener: (event: unknown) => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  close(code?: number, reason?: string): void;
}

export type SocketConnector = (url: string, headers: Record<string, string>) => SocketLike;

/**
 * Wraps a socket so that messages arriving before anyone listens are kept and replayed to the first
 * message listener: a server may speak the moment the socket opens, before the consumer attaches.
 */
export function bufferMessages(socket: SocketLike): SocketLike {
  let queue: { data: unknown }[] | undefined = [];
  const listeners: ((event: { data: unknown }) => void)[] = [];
  socket.addEventListener("message", (event) => {
    if (queue) queue.push({ data: event.data });
    else for (const listener of listeners) listener(event);
  });
  return {
    get readyState() {
      return socket.readyState;
    },
    addEventListener(type: string, listener: (event: any) => void) {
      if (type !== "message") return socket.addEventListener(type as "open", listener);
      listeners.push(listener);
      const pending = queue;
      queue = undefined;
      for (const event of pending ?? []) listener(event);
    },
    close: (code?: number, reason?: string) => socket.close(code, reason),
  } as SocketLike;
}

/**
 * What `ApiClient.openSocket` does once loaded: connects (through `ws` in Node), with the client's
 * credential header when `authenticate` is given, and resolves once the socket is open. Undefined
 * where this runtime cannot open one, or cannot send the header (browsers).
 */
export async function openAuthenticatedSocket(input: {
  provider: string;
  channel: string;
  /** Worked out after authentication, as before: an unknown channel fails with no socket opened. */
  url: () => string;
  authenticate?: ((headers: Record<string, string>, signal: AbortSignal | undefined) => Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}): Promise<SocketLike | undefined> {
  const { provider, signal } = input;
  const { connectSocket, socketsCanSendHeaders } = await import("#websocket");
  if (!connectSocket) return undefined;
  // An aborted wait opens nothing (and sends no credential anywhere).
  if (signal?.aborted) throw canceledError(provider, "openSocket", signal);
  const headers: Record<string, string> = {};
  if (input.authenticate) {
    if (!socketsCanSendHeaders) return undefined;
    await input.authenticate(headers, signal);
    if (signal?.aborted) throw canceledError(provider, "openSocket", signal);
  }
  const socket = bufferMessages(connectSocket(input.url(), headers));
  await whenOpen(socket, `${provider} socket "${input.channel}"`, input.timeoutMs ?? SOCKET_OPEN_TIMEOUT_MS, signal);
  return socket;
}

/**
 * Resolves once `socket` is open; rejects (closing it) when it errors, closes, is not open after
 * `timeoutMs`, or `signal` aborts. `label` (`provider socket "channel"`) starts the message. Here
 * rather than in the client: only a client that opens a socket loads it.
 */
export function whenOpen(socket: SocketLike, label: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`not open after ${timeoutMs} ms`), timeoutMs);
    const fail = (reason: string) => {
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // never opened
      }
      reject(new Error(`${label}: ${reason}`));
    };
    socket.addEventListener("open", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.addEventListener("error", () => fail("could not connect"));
    socket.addEventListener("close", () => fail("closed while connecting"));
    signal?.addEventListener("abort", () => fail("canceled"), { once: true });
  });
}

export interface SocketChannel {
  /** Opens the socket (URL and auth resolved by the client); undefined when this runtime cannot. */
  open(signal?: AbortSignal): Promise<SocketLike | undefined>;
  /** Maps one message to a job status; undefined for messages that say nothing about the job. */
  interpret(message: unknown): JobStatus | undefined;
  /** How long the socket may stay silent before we stop trusting it and poll (default 60 s). */
  idleTimeoutMs?: number;
}

export interface FollowJobInput extends WaitForJobInput {
  /** Where live updates come from; without one (or when it fails) the job is polled. */
  channel?: SocketChannel | undefined;
  /** Called when the socket is given up, with the reason (for logs and tests). */
  onFallback?: ((reason: string) => void) | undefined;
}

/** How long opening a socket may take before the wait goes on by polling alone. */
export const SOCKET_OPEN_TIMEOUT_MS = 10_000;

/**
 * Waits for a job over its socket and by polling at once. Polling keeps its schedule whatever the
 * socket does, so a silent or stuck socket never makes a finished job known later than polling
 * alone would; the socket adds live progress and, usually, an earlier end. The socket is given up
 * (with `onFallback`) when it cannot open, fails, closes or stays silent for `idleTimeoutMs`.
 *
 * One deadline bounds everything: opening the socket (at most `SOCKET_OPEN_TIMEOUT_MS`, and never
 * past the wait's timeout), every poll, the wait itself. An aborted signal opens nothing.
 */
export async function followJob(input: FollowJobInput): Promise<JobStatus> {
  if (!input.channel) return waitForJob(input);
  const { handle, signal } = input;
  if (signal?.aborted) throw canceledError(handle.provider, "waitForJob", signal);
  const clock = input.clock ?? systemClock;
  const started = clock.now();
  const timeoutMs = input.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const channel = input.channel;

  // Ends the side still running once the other has settled the wait (and follows the caller's abort).
  const done = new AbortController();
  const onCallerAbort = () => done.abort(signal?.reason);
  signal?.addEventListener("abort", onCallerAbort, { once: true });

  let settled = false;
  const polling = pollUntilDone({ ...input, signal: done.signal }, started, timeoutMs);
  const live = followSocket(channel, input, timeoutMs, done.signal);
  try {
    return await new Promise<JobStatus>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      polling.then(
        (status) => settle(() => resolve(status)),
        (error: unknown) => {
          if (settled) return;
          // The other side ended the wait (or the caller did): say so in the caller's terms.
          if (signal?.aborted) return settle(() => reject(canceledError(handle.provider, "waitForJob", signal)));
          settle(() => reject(error));
        },
      );
      live.then(
        (outcome) => {
          if (outcome.kind === "done") settle(() => resolve(outcome.status));
          else if (outcome.kind === "failed") settle(() => reject(outcome.error));
          else if (!settled && !done.signal.aborted) input.onFallback?.(outcome.reason);
        },
        () => {
          // The socket side never rejects; polling carries the wait whatever happened to it.
        },
      );
    });
  } finally {
    settled = true;
    signal?.removeEventListener("abort", onCallerAbort);
    done.abort(new Error("the wait has ended"));
    // The side that lost settles on its own once aborted; nothing waits for it, and nothing it
    // rejects with may go unhandled.
    polling.catch(() => {});
  }
}

type SocketOutcome =
  | { kind: "done"; status: JobStatus }
  | { kind: "failed"; error: Error }
  | { kind: "fallback"; reason: string };

/** Opens the channel and listens until the job ends on it, the socket is given up, or `stop` aborts. */
async function followSocket(channel: SocketChannel, input: FollowJobInput, timeoutMs: number, stop: AbortSignal): Promise<SocketOutcome> {
  // Opening is bounded by the wait's deadline as well as its own limit; a real timer, because it
  // stops real I/O (like the requests' own timeouts).
  const opening = new AbortController();
  const openTimer = setTimeout(() => opening.abort(new Error("the socket took too long to open")), Math.max(0, Math.min(SOCKET_OPEN_TIMEOUT_MS, timeoutMs)));
  const onStop = () => opening.abort(stop.reason);
  stop.addEventListener("abort", onStop, { once: true });
  let socket: SocketLike | undefined;
  const open = channel.open(opening.signal);
  try {
    socket = await raceAbort(open, opening.signal);
  } catch (error) {
    // A channel that ignored the abort may still open later: that socket is closed at once.
    open.then((late) => late && closeQuietly(late), () => {});
    if (stop.aborted) return { kind: "fallback", reason: "the wait ended while the socket was opening" };
    return { kind: "fallback", reason: `the socket could not be opened: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(openTimer);
    stop.removeEventListener("abort", onStop);
  }
  if (!socket) return { kind: "fallback", reason: "this runtime cannot open an authenticated socket" };
  if (stop.aborted) {
    closeQuietly(socket);
    return { kind: "fallback", reason: "the wait ended while the socket was opening" };
  }
  return listen(socket, channel, input, stop);
}

function closeQuietly(socket: SocketLike): void {
  try {
    socket.close(1000, "done");
  } catch {
    // already closed
  }
}

function listen(socket: SocketLike, channel: SocketChannel, input: FollowJobInput, stop: AbortSignal): Promise<SocketOutcome> {
  const { handle } = input;
  const idleMs = channel.idleTimeoutMs ?? 60_000;
  return new Promise<SocketOutcome>((resolve) => {
    let settled = false;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: SocketOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(idleTimer);
      stop.removeEventListener("abort", onStop);
      closeQuietly(socket);
      resolve(outcome);
    };
    const onStop = () => finish({ kind: "fallback", reason: "the wait has ended" });
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => finish({ kind: "fallback", reason: `the socket was silent for ${idleMs} ms` }), idleMs);
    };
    const jobFailed = (status: JobStatus) =>
      new JobFailedError(`${handle.provider} job ${handle.id} ${status.state}${status.error ? `: ${status.error}` : ""}`, {
        provider: handle.provider,
        operation: "waitForJob",
        jobId: handle.id,
        reason: status.error,
        body: status.raw,
        secrets: input.secrets?.(),
      });
    if (stop.aborted) return onStop();
    stop.addEventListener("abort", onStop, { once: true });
    armIdle();

    socket.addEventListener("message", (event) => {
      if (settled) return;
      armIdle();
      let message: unknown;
      try {
        message = JSON.parse(typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data as ArrayBuffer));
      } catch {
        return; // not JSON: not about the job
      }
      let status: JobStatus | undefined;
      try {
        status = channel.interpret(message);
      } catch (error) {
        // A message the channel could not read: the socket is no longer trusted, polling goes on.
        return finish({ kind: "fallback", reason: `a socket message could not be read: ${error instanceof Error ? error.message : String(error)}` });
      }
      if (!status) return;
      try {
        input.onProgress?.(status);
      } catch (error) {
        // Thrown inside a socket listener, the caller's error would be uncaught and end the process:
        // it ends the wait instead, as it does when thrown during a poll.
        return finish({ kind: "failed", error: error instanceof Error ? error : new Error(String(error)) });
      }
      if (status.state === "succeeded") finish({ kind: "done", status });
      else if (status.state === "failed" || status.state === "canceled") finish({ kind: "failed", error: jobFailed(status) });
    });
    socket.addEventListener("error", () => finish({ kind: "fallback", reason: "the socket failed" }));
    socket.addEventListener("close", () => finish({ kind: "fallback", reason: "the socket closed before the job ended" }));
  });
}
