// Part 5: what waiting for a job costs, on a simulated clock. A job of length T finishes T ms after
// it was submitted; every status request is counted, and the delay is the time between the job
// finishing and the status request that sees it finished. studiokit is the runtime's real
// `waitForJob` (DEFAULT_POLL_SCHEDULE) with a simulated Clock, with and without an estimate on the
// handle; the peers are fixed-interval loops (status at once, then every interval).
//
//   node src/jobs.js > result.json
import { DEFAULT_POLL_SCHEDULE, waitForJob } from "@studiokit/runtime";

const JOB_SECONDS = [5, 60, 600];

function simulatedClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
  };
}

/** studiokit: waitForJob with `estimate(T)` seconds on the handle (undefined: none). */
function studiokit(label, estimate, schedule) {
  return {
    label,
    async wait(jobMs) {
      const clock = simulatedClock();
      let requests = 0;
      let seenAt;
      const handle = { provider: "influencer-studio", id: "job", kind: "image", submittedAt: 0 };
      const estimatedSeconds = estimate?.(jobMs / 1000);
      if (estimatedSeconds !== undefined) handle.estimatedSeconds = estimatedSeconds;
      await waitForJob({
        handle,
        clock,
        schedule,
        poll: async () => {
          requests++;
          const done = clock.now() >= jobMs;
          if (done) seenAt = clock.now();
          return { handle, state: done ? "succeeded" : "running", outputs: [], raw: null };
        },
      });
      return { requests, delayMs: seenAt - jobMs };
    },
  };
}

/** A peer's fixed-interval loop: a status request at once, then one every `intervalMs`. */
function fixed(label, intervalMs) {
  return {
    label,
    async wait(jobMs) {
      let now = 0;
      let requests = 0;
      for (;;) {
        requests++;
        if (now >= jobMs) return { requests, delayMs: now - jobMs };
        now += intervalMs;
      }
    },
  };
}

const strategies = [
  { id: "ours-no-estimate", ...studiokit("studiokit `waitForJob`, no estimate") },
  { id: "ours-exact", ...studiokit("studiokit, estimate = job length", (s) => s) },
  { id: "ours-2x-long", ...studiokit("studiokit, estimate 2× too long", (s) => 2 * s) },
  { id: "ours-2x-short", ...studiokit("studiokit, estimate 2× too short", (s) => s / 2) },
  { id: "fixed-500ms", ...fixed("fixed 500 ms polling (fal, Replicate)", 500) },
  { id: "fixed-5s", ...fixed("fixed 5 s polling (Vercel AI SDK video)", 5000) },
];

const rows = [];
for (const strategy of strategies) {
  const results = {};
  for (const seconds of JOB_SECONDS) {
    const { requests, delayMs } = await strategy.wait(seconds * 1000);
    results[seconds] = { requests, delaySeconds: delayMs / 1000, delayPercent: Math.round((delayMs / (seconds * 1000)) * 1000) / 10 };
  }
  rows.push({ id: strategy.id, label: strategy.label, results });
}

// What other schedules would do for the 600 s job without an estimate (waitForJob's own `schedule`
// option; nothing in the runtime is changed): the suggestions in the report.
const sweep = [];
for (const schedule of [
  { growth: 0.05 },
  { growth: 0.1 },
  { growth: 0.1, minIntervalMs: 2_000 },
  { growth: 0.1, minIntervalMs: 5_000 },
  { growth: 0.2, minIntervalMs: 5_000 },
]) {
  const strategy = studiokit("", undefined, schedule);
  const results = {};
  for (const seconds of JOB_SECONDS) {
    const { requests, delayMs } = await strategy.wait(seconds * 1000);
    results[seconds] = { requests, delaySeconds: delayMs / 1000, delayPercent: Math.round((delayMs / (seconds * 1000)) * 1000) / 10 };
  }
  sweep.push({ schedule: { ...DEFAULT_POLL_SCHEDULE, ...schedule }, results });
}

process.stdout.write(JSON.stringify({ jobSeconds: JOB_SECONDS, defaultSchedule: DEFAULT_POLL_SCHEDULE, rows, sweep }));
