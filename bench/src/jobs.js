// Part 5: what waiting for a job costs, on a simulated clock. A job of length T finishes T ms after
// it was submitted; every status request is counted, and the lateness is the time between the job
// finishing and the status request that sees it finished, as a share of T. studiokit is the
// runtime's real `waitForJob` (default schedule) with a simulated Clock: with the provider's estimate
// (right, 2× long, 2× short), with none (a kind with no typical length), and for each job kind with
// only its typical length (TYPICAL_JOB_SECONDS, where a provider sends no estimate). The peers are
// fixed-interval loops (status at once, then every interval).
//
// Every strategy runs over the whole range of job lengths, 5 s to 900 s (41 lengths, evenly spaced
// on a log scale, so that short jobs weigh as much as long ones); a kind's typical length is also
// judged over the jobs that kind really has, a third of it to three times it.
//
//   node src/jobs.js > result.json
import { DEFAULT_POLL_SCHEDULE, TYPICAL_JOB_SECONDS, waitForJob } from "@studiokit/runtime";

const RANGE = { fromSeconds: 5, toSeconds: 900, lengths: 41 };
const LONG_JOB_SECONDS = 600;
const logSpaced = (from, to, count) => Array.from({ length: count }, (_, i) => Math.round(from * Math.pow(to / from, i / (count - 1)) * 1000) / 1000);

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

/** studiokit: waitForJob for a job of `kind`, with `estimate(T)` seconds from the provider (undefined: none). */
function studiokit(label, { kind = "text", estimate } = {}) {
  return {
    label,
    kind,
    async wait(jobMs) {
      const clock = simulatedClock();
      let requests = 0;
      let seenAt;
      const handle = { provider: "bench", id: "job", kind, submittedAt: 0 };
      const estimatedSeconds = estimate?.(jobMs / 1000);
      if (estimatedSeconds !== undefined) handle.estimatedSeconds = estimatedSeconds;
      await waitForJob({
        handle,
        clock,
        timeoutMs: 24 * 3600_000,
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

/** Requests and lateness over a set of job lengths (seconds). */
async function over(strategy, lengths) {
  const results = [];
  for (const seconds of lengths) {
    const { requests, delayMs } = await strategy.wait(seconds * 1000);
    results.push({ seconds, requests, latePercent: (delayMs / (seconds * 1000)) * 100 });
  }
  const round1 = (n) => Math.round(n * 10) / 10;
  return {
    fromSeconds: lengths[0],
    toSeconds: lengths.at(-1),
    jobs: lengths.length,
    meanLatePercent: round1(results.reduce((sum, r) => sum + r.latePercent, 0) / results.length),
    worstLatePercent: round1(Math.max(...results.map((r) => r.latePercent))),
    worstLateAtSeconds: results.reduce((a, b) => (b.latePercent > a.latePercent ? b : a)).seconds,
    meanRequests: round1(results.reduce((sum, r) => sum + r.requests, 0) / results.length),
    maxRequests: Math.max(...results.map((r) => r.requests)),
  };
}

const strategies = [
  ...Object.entries(TYPICAL_JOB_SECONDS).map(([kind, seconds]) => ({
    id: `ours-typical-${kind}`,
    typicalSeconds: seconds,
    ...studiokit(`studiokit, ${kind} job, no estimate (typical ${seconds} s)`, { kind }),
  })),
  { id: "ours-no-estimate", ...studiokit("studiokit, no estimate and no typical length") },
  { id: "ours-exact", ...studiokit("studiokit, provider estimate = job length", { estimate: (s) => s }) },
  { id: "ours-2x-long", ...studiokit("studiokit, provider estimate 2× too long", { estimate: (s) => 2 * s }) },
  { id: "ours-2x-short", ...studiokit("studiokit, provider estimate 2× too short", { estimate: (s) => s / 2 }) },
  { id: "fixed-500ms", ...fixed("fixed 500 ms polling (fal, Replicate)", 500) },
  { id: "fixed-5s", ...fixed("fixed 5 s polling (Vercel AI SDK video)", 5000) },
];

const range = logSpaced(RANGE.fromSeconds, RANGE.toSeconds, RANGE.lengths);
const rows = [];
for (const strategy of strategies) {
  const long = await strategy.wait(LONG_JOB_SECONDS * 1000);
  const row = {
    id: strategy.id,
    label: strategy.label,
    longJob: { seconds: LONG_JOB_SECONDS, requests: long.requests, latePercent: Math.round((long.delayMs / (LONG_JOB_SECONDS * 1000)) * 1000) / 10 },
    range: await over(strategy, range),
  };
  if (strategy.typicalSeconds !== undefined) {
    // The jobs this kind has: a third of its typical length to three times it (within the range).
    const from = Math.max(RANGE.fromSeconds, strategy.typicalSeconds / 3);
    const to = Math.min(RANGE.toSeconds, strategy.typicalSeconds * 3);
    row.typicalSeconds = strategy.typicalSeconds;
    row.kindRange = await over(strategy, logSpaced(from, to, RANGE.lengths));
  }
  rows.push(row);
}

process.stdout.write(JSON.stringify({ range: RANGE, longJobSeconds: LONG_JOB_SECONDS, defaultSchedule: DEFAULT_POLL_SCHEDULE, typicalJobSeconds: TYPICAL_JOB_SECONDS, rows }));
