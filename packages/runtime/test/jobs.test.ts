/**
 * waitForJob on a simulated clock, polling a real status endpoint through a client: progress is
 * reported, failures and timeouts end in typed errors, an abort stops polling, and the schedule is
 * seeded by the provider's estimate. Poll times are read from the server's timeline (simulated ms).
 */
import { describe, expect, it } from "vitest";
import {
  CanceledError,
  DEFAULT_POLL_SCHEDULE,
  JobFailedError,
  NotFoundError,
  nextPollDelay,
  TimeoutError,
  TYPICAL_JOB_SECONDS,
  waitForJob,
  type JobHandle,
  type JobKind,
  type JobStatus,
  type PollSchedule,
} from "../src/index.js";
import { answer, type Answer } from "./support/scripted-server.js";
import { SimulatedClock } from "./support/simulated-clock.js";
import { rejectionOf, useHarness, type GenerationStatus, type TestClient } from "./support/fixtures.js";

const h = useHarness();

const status = (body: Omit<GenerationStatus, "id">): Answer => answer.json(200, { id: "gen_1", ...body });
const queued = status({ status: "queued" });
const running = (progress: number) => status({ status: "processing", progress });
const completed = status({ status: "completed", progress: 100, output_url: "https://cdn.example/gen_1.mp4" });

/** What a provider adapter does: one status request, mapped to the common job model. */
function pollerFor(client: TestClient, handle: JobHandle) {
  return async (signal: AbortSignal | undefined): Promise<JobStatus> => {
    const { data } = await client.GET("/generations/{id}/status", { params: { path: { id: handle.id } }, ...(signal ? { signal } : {}) });
    const state = ({ queued: "queued", processing: "running", completed: "succeeded", failed: "failed", canceled: "canceled" } as const)[data.status];
    return {
      handle,
      state,
      progress: data.progress === undefined ? undefined : data.progress / 100,
      outputs: data.output_url ? [{ url: data.output_url, mediaType: "video/mp4" }] : [],
      error: data.error,
      raw: data,
    };
  };
}

function wait(handle: JobHandle, options: { signal?: AbortSignal; timeoutMs?: number; onProgress?: (s: JobStatus) => void; schedule?: Partial<PollSchedule> } = {}) {
  return waitForJob({ handle, poll: pollerFor(h.client(), handle), clock: h.clock, ...options });
}

/** Poll times relative to the start of the wait, in simulated milliseconds. */
const pollTimes = (start: number) => h.server.requests.map((request) => request.at - start);

const video: JobHandle = { provider: "test-studio", id: "gen_1", kind: "video" };
// A kind with no typical length (TYPICAL_JOB_SECONDS): without a provider estimate it has none at all.
const untimed: JobHandle = { ...video, kind: "text" };

describe("waitForJob", () => {
  it("follows queued → running → succeeded, reporting each status", async () => {
    h.server.reply(queued, running(40), running(80), completed);
    const seen: Array<[string, number | undefined]> = [];

    const result = await wait(video, { onProgress: (s) => seen.push([s.state, s.progress]) });

    expect(result.state).toBe("succeeded");
    expect(result.outputs).toEqual([{ url: "https://cdn.example/gen_1.mp4", mediaType: "video/mp4" }]);
    expect(result.raw).toMatchObject({ id: "gen_1", status: "completed" });
    expect(seen).toEqual([
      ["queued", undefined],
      ["running", 0.4],
      ["running", 0.8],
      ["succeeded", 1],
    ]);
    expect(h.server.requests.map((r) => r.path)).toEqual(Array(4).fill("/generations/gen_1/status"));
  });

  it("ends a failed job in a JobFailedError carrying the provider's reason", async () => {
    h.server.reply(running(10), status({ status: "failed", error: "content policy violation" }));

    const error = await rejectionOf(wait(video));

    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({
      code: "job_failed",
      provider: "test-studio",
      jobId: "gen_1",
      reason: "content policy violation",
      body: { id: "gen_1", status: "failed", error: "content policy violation" },
    });
    expect((error as Error).message).toContain("content policy violation");
  });

  it("ends a job the provider canceled in a JobFailedError", async () => {
    h.server.reply(status({ status: "canceled" }));

    const error = await rejectionOf(wait(video));

    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as Error).message).toMatch(/gen_1 canceled/);
  });

  it("ends a job that never finishes in a TimeoutError exactly at timeoutMs", async () => {
    h.server.always(running(50));
    const start = h.clock.now();

    const error = await rejectionOf(wait(video, { timeoutMs: 30_000 }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operation: "waitForJob", timeoutMs: 30_000 });
    expect(h.clock.now() - start).toBe(30_000);
    expect(pollTimes(start).every((t) => t <= 30_000)).toBe(true);
  });

  it("lets a poll's own error end the wait (a job the provider no longer knows)", async () => {
    h.server.reply(running(10), answer.json(404, { detail: "No such generation" }));

    const error = await rejectionOf(wait(video));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(h.server.requests).toHaveLength(2);
  });

  it("stops at once when aborted between polls, and polls no more", async () => {
    const clock = new SimulatedClock();
    h.clock = clock;
    h.server.always(running(10));
    const controller = new AbortController();
    const waiting = wait(untimed, { signal: controller.signal });
    await h.server.until(() => h.server.requests.length === 1, "the first poll");
    await clock.untilSleeping();

    controller.abort();
    const error = await rejectionOf(waiting);

    expect(error).toBeInstanceOf(CanceledError);
    expect(error).toMatchObject({ operation: "waitForJob" });
    await clock.advance(60 * 60_000);
    expect(h.server.requests).toHaveLength(1);
  });

  it("stops at once when aborted during a poll", async () => {
    h.server.reply(running(10), answer.stall());
    const controller = new AbortController();
    const waiting = wait(video, { signal: controller.signal });
    await h.server.until(() => h.server.requests.length === 2, "the second poll");

    controller.abort();

    expect(await rejectionOf(waiting)).toBeInstanceOf(CanceledError);
    await h.server.until(() => h.server.abandoned === 1, "the aborted poll's connection to close");
    expect(h.server.requests).toHaveLength(2);
  });

  it("fails at once with a signal that is already aborted", async () => {
    const error = await rejectionOf(wait({ ...video, estimatedSeconds: 20 }, { signal: AbortSignal.abort() }));

    expect(error).toBeInstanceOf(CanceledError);
    expect(h.server.requests).toHaveLength(0);
  });
});

describe("poll schedule", () => {
  it("first polls at half the provider's estimate, then 10% of the time waited apart", async () => {
    h.server.reply(running(70), running(95), completed);
    const start = h.clock.now();

    await wait({ ...video, estimatedSeconds: 20 });

    expect(pollTimes(start)).toEqual([10_000, 11_000, 12_100]);
  });

  it("ignores the estimate when the schedule says so (a local mock's estimates mean nothing)", async () => {
    h.server.reply(running(70), completed);
    const start = h.clock.now();

    await wait({ ...video, estimatedSeconds: 600 }, { schedule: { useEstimate: false } });

    expect(pollTimes(start)).toEqual([0, 1_000]);
  });

  it("counts time since submission when a wait is resumed", async () => {
    h.server.reply(running(90), completed);
    const start = h.clock.now();

    await wait({ ...video, estimatedSeconds: 20, submittedAt: start - 15_000 });

    // 15 s already passed: ask at once, then 10% of the 15 s later.
    expect(pollTimes(start)).toEqual([0, 1_500]);
  });

  it("polls often for a job with no estimate, then backs off as it runs long", async () => {
    h.server.always(running(10));
    const start = h.clock.now();

    await rejectionOf(wait(untimed, { timeoutMs: 60_000 }));

    const times = pollTimes(start);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times[0]).toBe(0);
    // 1 s apart for the first 10 s, then 10% of the time waited so far.
    expect(gaps.slice(0, 10)).toEqual(Array(10).fill(1_000));
    expect(gaps.every((gap, i) => i === 0 || gap >= gaps[i - 1]!)).toBe(true);
    expect(gaps.at(-1)).toBeGreaterThan(2_500);
  });

  it("waits for a long estimate without polling, then polls at most maxIntervalMs apart", async () => {
    h.server.always(running(10));
    const start = h.clock.now();

    await rejectionOf(wait({ ...video, estimatedSeconds: 300 }, { timeoutMs: 400_000 }));

    const times = pollTimes(start);
    // Nothing to learn before half the estimate; then 10% of the time waited, capped at 30 s.
    expect(times.slice(0, 2)).toEqual([150_000, 165_000]);
    expect(times.slice(1).every((t, i) => t - times[i]! <= 30_000)).toBe(true);
    expect(times.length).toBeGreaterThan(4);
  });
});

describe("waitForJob without a provider estimate, for a kind with a typical length", () => {
  it("first polls at a third of the kind's typical length, then at twelve points evenly spaced on a log scale up to three times it", async () => {
    h.server.always(running(10));
    const start = h.clock.now();

    await rejectionOf(wait({ ...video, submittedAt: start }, { timeoutMs: 400_000 }));

    // A video typically takes 120 s (TYPICAL_JOB_SECONDS): first at 40 s, then each point 9^(1/12)
    // (20.09%) after the one before, the twelfth at 360 s exactly; then twice the time waited.
    const times = pollTimes(start);
    expect(times.slice(0, 3)).toEqual([40_000, 48_038, 57_690]);
    expect(times[12]).toBe(360_000);
    const ratios = times.slice(1, 13).map((t, i) => t / times[i]!);
    expect(ratios.every((r) => r > 1.2 && r < 1.2011)).toBe(true);
    // The next one would be at 1080 s, past the wait's 400 s: the wait sleeps out its timeout instead.
    expect(times).toHaveLength(13);
  });

  it.each(Object.entries(TYPICAL_JOB_SECONDS))("sees a 600 s %s job (typically %i s) in at most 15 status requests", async (kind, seconds) => {
    const start = h.clock.now();
    h.server.always((request) => (request.at - start >= 600_000 ? completed : running(10)));

    const result = await wait({ ...video, kind: kind as JobKind, submittedAt: start }, { timeoutMs: 1_800_000 });

    expect(result.state).toBe("succeeded");
    const times = pollTimes(start);
    expect(times.length).toBeLessThanOrEqual(15);
    expect(times.at(-1)).toBeGreaterThanOrEqual(600_000);
    // Past three times the typical length each gap is twice the time waited, at most 6 minutes.
    const overdueGaps = times.slice(1).map((t, i) => [times[i]!, t - times[i]!] as const).filter(([from]) => from >= 3 * seconds * 1000);
    expect(overdueGaps.every(([from, gap]) => gap === Math.min(2 * from, 360_000))).toBe(true);
  });

  it("spends few requests on a job far longer than its kind's typical length: past three times it the time waited triples", async () => {
    h.server.always(running(10));
    const start = h.clock.now();

    await rejectionOf(wait({ ...video, kind: "image", submittedAt: start }, { timeoutMs: 1_000_000 }));

    // An image typically takes 30 s: 10 s to 90 s in 13 requests, then 270 s, then 630 s (the gap
    // of 540 s capped at 6 minutes), then 990 s.
    const times = pollTimes(start);
    expect(times[0]).toBe(10_000);
    expect(times.slice(12)).toEqual([90_000, 270_000, 630_000, 990_000]);
  });

  it("knows within 10% on average over the jobs each kind has (a third of its typical length to three times it)", () => {
    for (const seconds of Object.values(TYPICAL_JOB_SECONDS)) {
      const typicalMs = seconds * 1000;
      // The poll times of a wait begun at submission, on the schedule alone.
      const polls: number[] = [];
      for (let at = nextPollDelay(0, typicalMs, DEFAULT_POLL_SCHEDULE, true); at < 4 * typicalMs; at += nextPollDelay(at, typicalMs, DEFAULT_POLL_SCHEDULE, true)) polls.push(at);
      // 400 job lengths evenly spaced on a log scale; lateness is the wait past the job's end, as a share of it.
      const lengths = Array.from({ length: 400 }, (_, i) => (typicalMs / 3) * Math.pow(9, i / 399));
      const late = lengths.map((length) => (polls.find((at) => at >= length)! - length) / length);
      const mean = late.reduce((a, b) => a + b, 0) / late.length;
      expect(mean, `${seconds} s`).toBeLessThan(0.1);
      expect(Math.max(...late), `${seconds} s`).toBeLessThan(0.21);
    }
  });

  it("keeps a caller's maxIntervalMs (scaled by the kind's length) and minIntervalMs on every gap", async () => {
    h.server.always(running(10));
    const start = h.clock.now();

    await rejectionOf(wait({ ...video, kind: "image", submittedAt: start }, { timeoutMs: 300_000, schedule: { minIntervalMs: 2_000, maxIntervalMs: 3_000 } }));

    const times = pollTimes(start);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // The first wait is capped too (3 s, not 10 s); overdue (past 90 s) gaps at most 12 × 3 s.
    expect(times[0]).toBe(3_000);
    expect(gaps.every((gap) => gap >= 2_000)).toBe(true);
    expect(gaps.filter((_, i) => times[i]! < 90_000).every((gap) => gap <= 3_000)).toBe(true);
    expect(gaps.filter((_, i) => times[i]! >= 90_000)).toContain(36_000);
    expect(Math.max(...gaps)).toBe(36_000);
  });

  it("looks at once at a job of unknown age (no submittedAt), then follows the kind's schedule", async () => {
    h.server.always(running(10));
    const start = h.clock.now();

    await rejectionOf(wait(video, { timeoutMs: 60_000 }));

    expect(pollTimes(start).slice(0, 2)).toEqual([0, 40_000]);
  });

  it("ignores the typical length when the schedule says so (a local mock)", async () => {
    h.server.always(running(10));
    const start = h.clock.now();

    await rejectionOf(wait({ ...video, submittedAt: start }, { timeoutMs: 1_500, schedule: { useEstimate: false } }));

    expect(pollTimes(start)).toEqual([0, 1_000]);
  });
});
