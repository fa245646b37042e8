/**
 * One job model for every provider's asynchronous work, and the waiting loop that drives it.
 * A provider adapter supplies `poll` (one status request, mapped to JobStatus); `waitForJob` decides
 * when to ask, reports progress, and ends in the final status or a typed error.
 */
import { JobFailedError, TimeoutError } from "./call-errors.js";
import { canceledError, raceAbort } from "./abort.js";
import { systemClock, type Clock } from "./timing.js";

export type JobState = "queued" | "running" | "succeeded" | "failed" | "canceled";

/** Every kind of job a handle can name (a CLI flag or a handle check lists them from here). */
export const JOB_KINDS = ["image", "video", "lip-sync", "avatar-video", "audio", "model3d", "text", "project"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * How long a job of each kind typically takes, for providers that send no estimate (AliveAI, and
 * any job whose answer lacks one). From the providers' own published figures:
 * - image 30 s: Influencer Studio's `estimated_time` in its image examples (30 s to generate, 20 s
 *   for a face swap, 15 s for an edit);
 * - lip-sync 60 s, video 120 s, model3d 180 s: Influencer Studio's `estimated_time` for a lip-sync,
 *   a video (180 s for an influencer video) and a 3D model;
 * - avatar-video 300 s: AI Studios, "about 1 to 10 minutes to produce a video".
 * A kind without a figure here is waited for as before, with no estimate.
 */
export const TYPICAL_JOB_SECONDS: Readonly<Partial<Record<JobKind, number>>> = {
  image: 30,
  "lip-sync": 60,
  video: 120,
  model3d: 180,
  "avatar-video": 300,
};

/** A plain, serialisable reference to a job: it survives JSON.stringify and a process restart. */
export interface JobHandle {
  provider: string;
  id: string;
  kind: JobKind;
  /** Seconds the provider expected the job to take, when it said so. */
  estimatedSeconds?: number;
  /** Milliseconds since the epoch when the job was submitted. */
  submittedAt?: number;
}

export interface JobOutput {
  url: string;
  mediaType: string;
}

export interface JobStatus {
  handle: JobHandle;
  state: JobState;
  /** 0..1 where the provider reports it. */
  progress?: number | undefined;
  /** Position in the provider's queue, where it reports one. */
  queuePosition?: number | undefined;
  outputs: JobOutput[];
  /** The provider's reason when the job failed. */
  error?: string | undefined;
  /** The provider's own status body. */
  raw: unknown;
}

export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(["succeeded", "failed", "canceled"]);

export interface WaitOptions {
  signal?: AbortSignal | undefined;
  /** Give up after this long (default 30 minutes). */
  timeoutMs?: number | undefined;
  onProgress?: ((status: JobStatus) => void) | undefined;
}

export interface PollSchedule {
  /** The shortest gap between two status requests. */
  minIntervalMs: number;
  /** The longest gap between two status requests. */
  maxIntervalMs: number;
  /** The gap grows by this fraction of the time waited so far. */
  growth: number;
  /**
   * Trust the provider's estimate (`estimatedSeconds` on the handle) for the first request. Turn it
   * off against a local mock, whose estimates are the real provider's and mean nothing there.
   */
  useEstimate: boolean;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { minIntervalMs: 1_000, maxIntervalMs: 30_000, growth: 0.1, useEstimate: true };

/**
 * When to ask next. With the provider's estimate, nothing is asked before half of it has passed: a
 * job rarely ends that early, and an estimate that is too long then costs at most half of itself
 * instead of all of it. After that, or with no estimate, the gap grows with the time already waited
 * (`growth` × elapsed, between `minIntervalMs` and `maxIntervalMs`), so a short job is noticed
 * quickly, a long one costs few requests, and the delay in noticing stays within about `growth` of
 * the job's length.
 */
export function nextPollDelay(elapsedMs: number, estimatedMs: number | undefined, schedule: PollSchedule, typical = false): number {
  if (typical && schedule.useEstimate && estimatedMs !== undefined && estimatedMs > 0) return typicalPollDelay(elapsedMs, estimatedMs, schedule);
  const clamp = (ms: number) => Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, ms));
  const firstAt = schedule.useEstimate && estimatedMs !== undefined && estimatedMs > 0 ? estimatedMs / 2 : 0;
  // Waiting for half the estimate is not a polling rhythm, so maxIntervalMs does not cap it.
  if (elapsedMs < firstAt) return Math.max(schedule.minIntervalMs, firstAt - elapsedMs);
  return clamp(elapsedMs * schedule.growth);
}

/** Steps from a third of a kind's typical length to three times it (see typicalPollDelay). */
const TYPICAL_STEPS = 12;
/** Past three times the typical length, a gap is at most this many `maxIntervalMs` (6 minutes by default). */
const OVERDUE_CAP_INTERVALS = 12;

/**
 * When to ask next when the estimate is only the kind's typical length (TYPICAL_JOB_SECONDS), not
 * the provider's word for this job. A job of that kind may well take a third of it or three times
 * it, so: first ask at a third of it, then at twelve points spaced evenly on a log scale up to three
 * times it (each 20% after the one before, 9^(1/12)). Even spacing is what keeps the mean lateness
 * lowest for a given number of requests; twelve steps keep it within 10% over that range (eleven
 * would not: about 10.7%), and the points are fixed ones, so that rounding or a resumed wait never
 * adds a request. The gap's cap grows with the kind's length (maxIntervalMs for a 30 s job, 4× it
 * for a 2-minute video), since a caller of a long job does not need its answer within 30 s.
 *
 * Past three times the typical length the figure was wrong for this job: each gap is then twice the
 * time waited (the time waited triples), at most 12 × maxIntervalMs (6 minutes by default), so a
 * 600 s job costs at most 15 requests whatever its kind. Doubling would cost an image (typically
 * 30 s, overdue at 90 s) a 16th request for a 600 s job; the price of tripling is lateness for a job
 * a few times its kind's length (a 100 s image is seen at 270 s).
 *
 * A caller's `maxIntervalMs` bounds every gap (scaled the same way), the first wait included, and
 * `minIntervalMs` is the shortest gap.
 */
function typicalPollDelay(elapsedMs: number, typicalMs: number, schedule: PollSchedule): number {
  const cap = schedule.maxIntervalMs * Math.max(1, typicalMs / 30_000);
  const clamp = (ms: number, max: number) => Math.min(max, Math.max(schedule.minIntervalMs, ms));
  const firstAt = typicalMs / 3;
  if (elapsedMs < firstAt) return clamp(firstAt - elapsedMs, cap);
  // Which of the fixed points was passed last; the tolerance stops a point's own float error from
  // naming the point before it (which would ask again a moment later).
  const step = Math.floor(TYPICAL_STEPS * (Math.log(elapsedMs / firstAt) / Math.log(9)) + 1e-6);
  // Whole milliseconds, rounded up: the last point is then three times the length exactly, not a
  // float's width short of it (which would leave a job of exactly that length to the next gap).
  if (step < TYPICAL_STEPS) return clamp(Math.ceil(firstAt * Math.pow(9, (step + 1) / TYPICAL_STEPS)) - elapsedMs, cap);
  return clamp(2 * elapsedMs, Math.max(cap, OVERDUE_CAP_INTERVALS * schedule.maxIntervalMs));
}

export interface WaitForJobInput extends WaitOptions {
  handle: JobHandle;
  /** The client's secrets, scrubbed from a failed job's reason and body (a provider may echo them). */
  secrets?: (() => readonly string[]) | undefined;
  /** One status request. */
  poll: (signal: AbortSignal | undefined) => Promise<JobStatus>;
  clock?: Clock | undefined;
  schedule?: Partial<PollSchedule> | undefined;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 30 * 60_000;

/** Polls until the job ends; returns the succeeded status, or throws JobFailedError / TimeoutError / CanceledError. */
export function waitForJob(input: WaitForJobInput): Promise<JobStatus> {
  const clock = input.clock ?? systemClock;
  return pollUntilDone(input, clock.now(), input.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
}

/**
 * The polling loop of a wait that began at `started` (on the input's clock) and may last
 * `timeoutMs` in all: `followJob` runs it beside a socket and hands it the wait's own start, so that
 * a wait's timeout is one deadline however the wait is split, and its error names that timeout.
 * `input.signal` ends it as a cancellation.
 */
export async function pollUntilDone(input: WaitForJobInput, started: number, timeoutMs: number): Promise<JobStatus> {
  const clock = input.clock ?? systemClock;
  const schedule = { ...DEFAULT_POLL_SCHEDULE, ...input.schedule };
  const { handle, signal } = input;
  // Time already spent since submission counts towards the estimate, so a resumed wait is not slower.
  const sinceSubmit = handle.submittedAt !== undefined ? Math.max(0, started - handle.submittedAt) : 0;
  // No estimate from the provider: the kind's typical length stands in (TYPICAL_JOB_SECONDS).
  const typicalSeconds = handle.estimatedSeconds === undefined ? TYPICAL_JOB_SECONDS[handle.kind] : undefined;
  const typical = typicalSeconds !== undefined;
  const estimatedSeconds = handle.estimatedSeconds ?? typicalSeconds;
  const estimatedMs = estimatedSeconds !== undefined ? estimatedSeconds * 1000 : undefined;
  const timedOut = () =>
    new TimeoutError(`${handle.provider} job ${handle.id} did not finish within ${timeoutMs} ms`, {
      provider: handle.provider,
      operation: "waitForJob",
      timeoutMs,
    });

  for (let first = true; ; first = false) {
    const elapsed = clock.now() - started;
    if (!first) {
      const delay = nextPollDelay(sinceSubmit + elapsed, estimatedMs, schedule, typical);
      if (elapsed + delay > timeoutMs) {
        // Sleep out the remaining time so that the timeout is exact, then give up.
        await sleepOrCancel(Math.max(0, timeoutMs - elapsed));
        throw timedOut();
      }
      await sleepOrCancel(delay);
    } else if (schedule.useEstimate && estimatedMs !== undefined && sinceSubmit === 0 && (!typical || handle.submittedAt !== undefined)) {
      // A kind's typical length says nothing about a job of unknown age (a handle without
      // submittedAt may be hours old): that one is looked at once, then scheduled.
      const delay = nextPollDelay(0, estimatedMs, schedule, typical);
      if (delay < timeoutMs - elapsed) await sleepOrCancel(delay);
    }
    if (signal?.aborted) throw canceledError(handle.provider, "waitForJob", signal);
    const remaining = timeoutMs - (clock.now() - started);
    if (remaining <= 0) throw timedOut();
    const status = await pollWithin(remaining);
    input.onProgress?.(status);
    if (status.state === "succeeded") return status;
    if (status.state === "failed" || status.state === "canceled") {
      throw new JobFailedError(
        `${handle.provider} job ${handle.id} ${status.state}${status.error ? `: ${status.error}` : ""}`,
        { provider: handle.provider, operation: "waitForJob", jobId: handle.id, reason: status.error, body: status.raw, secrets: input.secrets?.() },
      );
    }
  }

  /**
   * One status request, bounded by what is left of the wait: a poll that hangs (its own timeout may
   * be a minute) ends when the wait does, in the wait's TimeoutError. The bound is a real timer, like
   * the request's own timeout, because it stops real I/O.
   */
  async function pollWithin(remainingMs: number): Promise<JobStatus> {
    const bound = new AbortController();
    let deadlineHit = false;
    const timer = setTimeout(() => {
      deadlineHit = true;
      bound.abort(new Error(`the wait's ${timeoutMs} ms ran out`));
    }, remainingMs);
    const onCallerAbort = () => bound.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    try {
      return await raceAbort(input.poll(bound.signal), bound.signal);
    } catch (error) {
      if (signal?.aborted) throw canceledError(handle.provider, "waitForJob", signal);
      if (deadlineHit) throw timedOut();
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  async function sleepOrCancel(ms: number): Promise<void> {
    try {
      await clock.sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted) throw canceledError(handle.provider, "waitForJob", signal);
      throw error;
    }
  }
}

/** Guesses a media type from a URL's extension (providers rarely say). */
export function mediaTypeFromUrl(url: string, fallback = "application/octet-stream"): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    webp: "image/webp",
    gif: "image/gif",
    mp4: "video/mp4",
    webm: "video/webm",
    mov: "video/quicktime",
    mp3: "audio/mpeg",
    wav: "audio/wav",
    glb: "model/gltf-binary",
    gltf: "model/gltf+json",
  };
  return (extension && types[extension]) || fallback;
}
