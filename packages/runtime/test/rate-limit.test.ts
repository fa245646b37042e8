/**
 * The client-side rate limiter (`rateLimit`), on a simulated clock. The server enforces a sliding
 * window on that same clock, so a 429 would mean the limiter let too many through.
 */
import { describe, expect, it } from "vitest";
import { CanceledError, ConfigurationError, createRateLimiter, RateLimitError, type FetchLike } from "../src/index.js";
import { answer, type ScriptEntry } from "./support/scripted-server.js";
import { SimulatedClock } from "./support/simulated-clock.js";
import { rejectionOf, useHarness } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };

/**
 * Answers 429 when more than `requests` arrived within the last `intervalMs` of simulated time
 * (a request `intervalMs` old no longer counts, as with the providers' sliding windows).
 */
function slidingWindowServer(requests: number, intervalMs: number): { entry: ScriptEntry; rejected: () => number } {
  let rejected = 0;
  const entry: ScriptEntry = (request, server) => {
    const inWindow = server.requests.filter((r) => r.at > request.at - intervalMs).length;
    if (inWindow > requests) {
      rejected++;
      return answer.json(429, { error: "rate limit exceeded" }, { "retry-after": "1" });
    }
    return answer.json(200, { id: `gen_${server.requests.length}`, status: "queued" });
  };
  return { entry, rejected: () => rejected };
}

/**
 * A fetch that counts requests on the wire, and a clock that only moves while none is: a request
 * then reaches the server at the simulated time it was started, as it would on a fast network.
 */
function quiescentClockAndFetch(): { clock: SimulatedClock; fetch: FetchLike } {
  let inFlight = 0;
  const clock = new SimulatedClock({ auto: true, idle: () => inFlight === 0 });
  const counting: FetchLike = async (request) => {
    inFlight++;
    try {
      return await fetch(request);
    } finally {
      inFlight--;
    }
  };
  return { clock, fetch: counting };
}

/** Lets pending promise callbacks run, then says whether `promise` has settled and how. */
async function stateOf(promise: Promise<unknown>): Promise<"pending" | "resolved" | "rejected"> {
  let state: "pending" | "resolved" | "rejected" = "pending";
  promise.then(
    () => (state = "resolved"),
    () => (state = "rejected"),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

describe("rateLimit option", () => {
  it("keeps 500 concurrent requests under the provider's window: zero 429s", async () => {
    const limit = { requests: 25, intervalMs: 1_000 };
    const provider = slidingWindowServer(limit.requests, limit.intervalMs);
    h.server.always(provider.entry);
    const { clock, fetch } = quiescentClockAndFetch();
    h.clock = clock;
    const start = clock.now();
    const client = h.client({ rateLimit: limit, fetch });

    const results = await Promise.all(Array.from({ length: 500 }, () => client.POST("/videos/generate", { body: video })));

    expect(results).toHaveLength(500);
    expect(provider.rejected()).toBe(0);
    expect(h.server.requests).toHaveLength(500);
    // 20 windows of 25: the last batch starts 19 intervals after the first, not later.
    expect(clock.now() - start).toBe(19_000);
    expect(h.server.requests.at(-1)!.at - start).toBe(19_000);
  });

  it("is needed: the same burst without a limiter gets 429s", async () => {
    const provider = slidingWindowServer(10, 1_000);
    h.server.always(provider.entry);
    const client = h.client({ maxRetries: 0 });

    const results = await Promise.allSettled(Array.from({ length: 30 }, () => client.POST("/videos/generate", { body: video })));

    const limited = results.filter((r) => r.status === "rejected" && r.reason instanceof RateLimitError);
    expect(limited).toHaveLength(20);
    expect(provider.rejected()).toBe(20);
  });

  it("ends a call aborted while it waits for a slot in a CanceledError, sending nothing", async () => {
    const clock = new SimulatedClock();
    h.clock = clock;
    h.server.always(answer.json(200, { id: "gen", status: "queued" }));
    const client = h.client({ rateLimit: { requests: 1, intervalMs: 60_000 } });
    await client.POST("/videos/generate", { body: video });
    const controller = new AbortController();
    const waiting = client.POST("/videos/generate", { body: video, signal: controller.signal });
    await clock.untilSleeping();

    controller.abort();

    expect(await rejectionOf(waiting)).toBeInstanceOf(CanceledError);
    await clock.advance(120_000);
    expect(h.server.requests).toHaveLength(1);
  });
});

describe("createRateLimiter", () => {
  it("hands out slots first come, first served", async () => {
    const clock = new SimulatedClock({ auto: true });
    const limiter = createRateLimiter({ requests: 2, intervalMs: 1_000 }, clock);
    const order: string[] = [];

    await Promise.all(["a", "b", "c", "d", "e"].map((name) => limiter.acquire().then(() => order.push(`${name}@${clock.now() - Date.UTC(2025, 0, 1)}`))));

    expect(order).toEqual(["a@0", "b@0", "c@1000", "d@1000", "e@2000"]);
  });

  it("rejects a waiter aborted in the queue at once, and does not give it a slot", async () => {
    const clock = new SimulatedClock();
    const limiter = createRateLimiter({ requests: 2, intervalMs: 1_000 }, clock);
    await limiter.acquire();
    await limiter.acquire();
    const third = limiter.acquire(); // sleeps until the window slides
    const controller = new AbortController();
    const fourth = limiter.acquire(controller.signal); // queued behind the third
    await clock.untilSleeping();

    controller.abort(new Error("caller gave up"));

    expect(await stateOf(fourth)).toBe("rejected");
    await expect(fourth).rejects.toThrow("caller gave up");
    expect(clock.now()).toBe(Date.UTC(2025, 0, 1));

    await clock.advance(1_000);
    expect(await stateOf(third)).toBe("resolved");
    // The aborted waiter took no slot, so the window's second slot is free right now.
    expect(await stateOf(limiter.acquire())).toBe("resolved");
  });

  it("rejects an already-aborted signal without queueing", async () => {
    const limiter = createRateLimiter({ requests: 1, intervalMs: 1_000 }, new SimulatedClock());

    await expect(limiter.acquire(AbortSignal.abort(new Error("too late")))).rejects.toThrow("too late");
    expect(await stateOf(limiter.acquire())).toBe("resolved");
  });

  it("refuses a limit that could never let a request through", () => {
    expect(() => createRateLimiter({ requests: 0, intervalMs: 1_000 }, new SimulatedClock())).toThrow(ConfigurationError);
    expect(() => createRateLimiter({ requests: 1, intervalMs: 0 }, new SimulatedClock(), "demo")).toThrow(
      expect.objectContaining({ code: "configuration", reason: "invalid_option", option: "rateLimit", provider: "demo" }),
    );
  });
});
