/**
 * Following a job over a websocket, with polling as the fallback. The channel reports progress as it
 * happens; if the socket cannot open, cannot be authenticated, drops or goes quiet, the wait carries
 * on by polling, so a caller never loses a result to a network hiccup.
 */
import { CanceledError, JobFailedError, TimeoutError } from "./errors.js";
import { DEFAULT_WAIT_TIMEOUT_MS, waitForJob, type JobStatus, type WaitForJobInput } from "./jobs.js";
import { canceledError, systemClock } from "./timing.js";

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

/** Waits for a job over its socket, falling back to `waitForJob` polling when the socket fails. */
export async function followJob(input: FollowJobInput): Promise<JobStatus> {
  const clock = input.clock ?? systemClock;
  const started = clock.now();
  const timeoutMs = input.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const fallBack = (reason: string) => {
    input.onFallback?.(reason);
    const remaining = Math.max(0, timeoutMs - (clock.now() - started));
    return waitForJob({ ...input, timeoutMs: remaining });
  };
  if (!input.channel) return waitForJob(input);

  let socket: SocketLike | undefined;
  try {
    socket = await input.channel.open(input.signal);
  } catch (error) {
    if (input.signal?.aborted) throw canceledError(input.handle.provider, "waitForJob", input.signal);
    return fallBack(`the socket could not be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!socket) return fallBack("this runtime cannot open an authenticated socket");

  const outcome = await listen(socket, input.channel, input, timeoutMs - (clock.now() - started));
  if (outcome.kind === "done") return outcome.status;
  if (outcome.kind === "error") throw outcome.error;
  return fallBack(outcome.reason);
}

type ListenOutcome =
  | { kind: "done"; status: JobStatus }
  | { kind: "error"; error: Error }
  | { kind: "fallback"; reason: string };

function listen(socket: SocketLike, channel: SocketChannel, input: FollowJobInput, timeoutMs: number): Promise<ListenOutcome> {
  const { handle, signal } = input;
  const idleMs = channel.idleTimeoutMs ?? 60_000;
  return new Promise<ListenOutcome>((resolve) => {
    let settled = false;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: ListenOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(idleTimer);
      clearTimeout(deadline);
      signal?.removeEventListener("abort", onAbort);
      try {
        socket.close(1000, "done");
      } catch {
        // already closed
      }
      resolve(outcome);
    };
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
    const onAbort = () => finish({ kind: "error", error: signal ? canceledError(handle.provider, "waitForJob", signal) : new CanceledError("canceled", { provider: handle.provider }) });
    const deadline = setTimeout(
      () =>
        finish({
          kind: "error",
          error: new TimeoutError(`${handle.provider} job ${handle.id} did not finish within ${input.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS} ms`, {
            provider: handle.provider,
            operation: "waitForJob",
            timeoutMs: input.timeoutMs,
          }),
        }),
      Math.max(0, timeoutMs),
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    armIdle();
    // The job may have ended before the socket opened, and then the socket has nothing to say:
    // one status request settles that at once.
    input
      .poll(signal)
      .then((status) => {
        if (settled) return;
        input.onProgress?.(status);
        if (status.state === "succeeded") finish({ kind: "done", status });
        else if (status.state === "failed" || status.state === "canceled") finish({ kind: "error", error: jobFailed(status) });
      })
      .catch(() => {
        // A failed status request is no reason to leave a working socket.
      });

    socket.addEventListener("message", (event) => {
      armIdle();
      let message: unknown;
      try {
        message = JSON.parse(typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data as ArrayBuffer));
      } catch {
        return; // not JSON: not about the job
      }
      const status = channel.interpret(message);
      if (!status) return;
      input.onProgress?.(status);
      if (status.state === "succeeded") finish({ kind: "done", status });
      else if (status.state === "failed" || status.state === "canceled") finish({ kind: "error", error: jobFailed(status) });
    });
    socket.addEventListener("error", () => finish({ kind: "fallback", reason: "the socket failed" }));
    socket.addEventListener("close", () => finish({ kind: "fallback", reason: "the socket closed before the job ended" }));
  });
}
